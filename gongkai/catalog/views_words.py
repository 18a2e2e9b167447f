"""The agency's own word lists (敏感词, 易错词) behind the pre-publication checks.

Everyone who can read the agency sees them, beside the starter lists that ship with Gongkai;
the 公开办负责人 (and the agency's administrator) add and remove words — the services check that.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.organizations.access import access_agency, roles_in
from gongkai.organizations.models import Role
from gongkai.statute.detectors import MISWRITINGS, SENSITIVE_WORDS

from . import forms
from . import services as s
from .models import CheckWord

EDITORS = {Role.OFFICE_HEAD, Role.ADMINISTRATOR}


def _page(request, agency, form, status=200):
    words = CheckWord.objects.filter(agency=agency).order_by("kind", "word")
    return render(
        request,
        "catalog/word_list.html",
        {
            "agency": agency,
            "form": form,
            "can_edit": bool(roles_in(request.user, agency) & EDITORS),
            "sensitive": [w for w in words if w.kind == CheckWord.Kind.SENSITIVE],
            "miswritings": [w for w in words if w.kind == CheckWord.Kind.MISWRITING],
            "starter_sensitive": SENSITIVE_WORDS,
            "starter_miswritings": MISWRITINGS,
        },
        status=status,
    )


@login_required
def word_list(request, code):
    agency = access_agency(request.user, code)
    if request.method != "POST":
        return _page(request, agency, forms.CheckWordForm())
    agency = access_agency(request.user, code, write=True)
    form = forms.CheckWordForm(request.POST)
    if form.is_valid():
        try:
            entry = s.add_check_word(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"已添加“{entry.word}”")
            return redirect("catalog:words", code=agency.code)
    return _page(request, agency, form, status=400)


@login_required
@require_POST
def word_remove(request, code, pk):
    agency = access_agency(request.user, code, write=True)
    entry = CheckWord.objects.filter(agency=agency, pk=pk).first()
    if entry is None:
        raise Http404("没有找到该词语")
    s.remove_check_word(actor=request.user, entry=entry)  # a reader without the role gets 403
    messages.success(request, f"已删除“{entry.word}”")
    return redirect("catalog:words", code=agency.code)
