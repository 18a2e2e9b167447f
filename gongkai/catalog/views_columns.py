"""栏目情况: every Art. 20/21 column of the agency with its public documents and any 无此类信息 declaration.

Everyone who can read the agency sees the page; the 公开办负责人 (and the agency's administrator)
declare and withdraw — the services check that. A column with public documents cannot be declared.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.organizations.access import access_agency, roles_in
from gongkai.statute.catalog import items_for_level

from . import forms
from . import services as s
from .selectors import no_information, public_documents
from .services.declarations import DECLARERS


def _rows(agency, bound: forms.NoInformationForm | None):
    counts = dict(public_documents(agency).order_by().values("item").annotate(n=Count("pk")).values_list("item", "n"))
    declared = no_information(agency)
    rows = []
    for key, label in items_for_level(agency.level).items():
        if bound is not None and bound.data.get("item") == key:
            form = bound
        else:
            form = forms.NoInformationForm(initial={"item": key}, auto_id=f"id_{key}_%s")
        rows.append(
            {"key": key, "label": label, "count": counts.get(key, 0), "declaration": declared.get(key), "form": form}
        )
    return rows


def _page(request, agency, bound=None, status=200):
    if bound is not None and bound.data.get("item") not in items_for_level(agency.level):
        # A tampered or outdated item has no row to show its error beside.
        messages.error(request, "；".join(e for errors in bound.errors.values() for e in errors))
    return render(
        request,
        "catalog/column_list.html",
        {
            "agency": agency,
            "rows": _rows(agency, bound),
            "can_declare": bool(roles_in(request.user, agency) & DECLARERS),
        },
        status=status,
    )


@login_required
def column_list(request, code):
    agency = access_agency(request.user, code)
    if request.method != "POST":
        return _page(request, agency)
    agency = access_agency(request.user, code, write=True)
    form = forms.NoInformationForm(request.POST, auto_id=f"id_{request.POST.get('item', '')}_%s")
    if form.is_valid():
        try:
            declaration = s.declare_no_information(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field == "reason" else None, errors)
        else:
            messages.success(request, f"已声明“{declaration.get_item_display()}”本机关无此类信息")
            return redirect("catalog:columns", code=agency.code)
    return _page(request, agency, form, status=400)


@login_required
@require_POST
def declaration_withdraw(request, code, item):
    agency = access_agency(request.user, code, write=True)
    declaration = no_information(agency).get(item)
    if declaration is None:
        raise Http404("没有找到该声明")
    s.withdraw_declaration(actor=request.user, declaration=declaration)  # a reader without the role gets 403
    messages.success(request, f"已撤回“{declaration.get_item_display()}”无此类信息的声明")
    return redirect("catalog:columns", code=agency.code)
