"""网站设置: the agency's office head or administrator edits the public 专栏's frame."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.organizations.access import access_agency, require_role, writable_agencies
from gongkai.organizations.services import SITE_FIELDS, SITE_ROLES, configure_site

from .forms import SiteSettingsForm


@login_required
def site_choose(request):
    """The agencies whose site the user may set up; with one, straight to its page."""
    agencies = list(writable_agencies(request.user, roles=SITE_ROLES))
    if len(agencies) == 1:
        return redirect("staff:site_settings", code=agencies[0].code)
    return render(request, "staff/site_choose.html", {"agencies": agencies})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def site_settings(request, code: str):
    agency = access_agency(request.user, code, write=True)
    require_role(request.user, agency, *SITE_ROLES)
    if request.method != "POST":
        form = SiteSettingsForm(initial={f: getattr(agency, f) for f in SITE_FIELDS})
    else:
        form = SiteSettingsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                changed = configure_site(
                    actor=request.user,
                    agency=agency,
                    values=form.site_values(),
                    banner=form.cleaned_data["site_banner"] or None,
                    remove_banner=form.cleaned_data["remove_banner"],
                )
            except ValidationError as e:
                if hasattr(e, "error_dict"):
                    for field, errors in e.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, e.messages)
            else:
                messages.success(request, f"已保存：{'、'.join(changed)}。" if changed else "没有修改任何设置。")
                return redirect("staff:site_settings", code=agency.code)
    return render(request, "staff/site_settings.html", {"agency": agency, "form": form})
