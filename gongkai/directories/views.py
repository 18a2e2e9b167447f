"""Staff pages of the 标准目录: the list by area, an item and its history, add/edit/retire, import/export.

Staff of the agency (and supervisors) read; the 公开办负责人 and administrators change (the
services check that). A foreign agency or item is a 404.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.organizations.access import access_agency, roles_in

from . import forms, importing, services
from .access import EDITORS, access_item
from .models import DirectoryItem

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _can_edit(user, agency) -> bool:
    return bool(roles_in(user, agency) & set(EDITORS))


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def directory(request, code):
    agency = access_agency(request.user, code)
    items = DirectoryItem.objects.current().filter(agency=agency).select_related("department")
    areas: dict[str, list[DirectoryItem]] = {}
    for item in items:
        areas.setdefault(item.area, []).append(item)
    return render(
        request,
        "directories/directory.html",
        {
            "agency": agency,
            "areas": areas,
            "count": len(items),
            "can_edit": _can_edit(request.user, agency),
            "import_form": forms.ImportForm(),
            "grace_form": forms.GraceForm(initial={"realtime_grace_days": services.realtime_grace(agency)}),
        },
    )


@login_required
def item_detail(request, pk):
    item = access_item(request.user, pk)
    return render(
        request,
        "directories/item_detail.html",
        {
            "item": item,
            "agency": item.agency,
            "versions": item.versions.select_related("actor").order_by("-number"),
            "documents": item.documents.order_by("-published_on", "-created_at")[:50],
            "can_edit": _can_edit(request.user, item.agency) and not item.retired_on,
        },
    )


def _edit_page(request, agency, form, item=None, status=200):
    return render(request, "directories/item_form.html", {"agency": agency, "form": form, "item": item}, status=status)


@login_required
def item_new(request, code):
    agency = access_agency(request.user, code, write=True)
    if not _can_edit(request.user, agency):
        raise PermissionDenied("只有公开办负责人、管理员可以修改标准目录")
    form = forms.ItemForm(request.POST or None, agency=agency, initial={"audience_public": True, "proactive": True})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.add_item(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, f"已新增事项：{item}")
            return redirect("directories:item", pk=item.pk)
    return _edit_page(request, agency, form, status=400 if form.errors else 200)


@login_required
def item_edit(request, pk):
    item = access_item(request.user, pk, write=True)
    if not _can_edit(request.user, item.agency):
        raise PermissionDenied("只有公开办负责人、管理员可以修改标准目录")
    initial = {name: getattr(item, name) for name in services.FIELDS}
    initial["channels"] = "、".join(item.channels)
    form = forms.ItemForm(request.POST or None, agency=item.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, "已保存")
            return redirect("directories:item", pk=item.pk)
    return _edit_page(request, item.agency, form, item, status=400 if form.errors else 200)


@login_required
@require_POST
def item_retire(request, pk):
    item = access_item(request.user, pk, write=True)
    try:
        services.retire_item(actor=request.user, item=item)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, "；".join(getattr(e, "messages", None) or [str(e)]))
        return redirect("directories:item", pk=item.pk)
    messages.success(request, f"已停用事项：{item}。已归入该事项的文件仍显示该事项。")
    return redirect("directories:list", code=item.agency.code)


@login_required
def directory_import(request, code):
    agency = access_agency(request.user, code, write=True)
    if not _can_edit(request.user, agency):
        raise PermissionDenied("只有公开办负责人、管理员可以修改标准目录")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = importing.import_directory(
                actor=request.user, agency=agency, data=upload.read(), filename=upload.name
            )
        except importing.DirectoryImportError as e:
            problems = e.problems
        except ValidationError as e:
            problems = e.messages
        else:
            messages.success(
                request,
                f"已导入《{upload.name}》：新增{counts['added']}项，修改{counts['updated']}项，"
                f"未变{counts['unchanged']}项，停用{counts['retired']}项",
            )
            return redirect("directories:list", code=agency.code)
    status = 400 if (problems or form.errors) else 200
    return render(
        request,
        "directories/import.html",
        {"agency": agency, "form": form, "problems": problems},
        status=status,
    )


@login_required
def directory_export(request, code, fmt):
    agency = access_agency(request.user, code)
    if fmt not in EXPORT_TYPES:
        raise Http404("没有这种导出格式")
    data = importing.export_directory(agency, f".{fmt}")
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    name = quote(f"{agency.display_name}主动公开全清单.{fmt}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
@require_POST
def directory_settings(request, code):
    agency = access_agency(request.user, code, write=True)
    form = forms.GraceForm(request.POST)
    if form.is_valid():
        try:
            days = form.cleaned_data["realtime_grace_days"]
            services.set_realtime_grace(actor=request.user, agency=agency, days=days)
        except (ValidationError, PermissionDenied) as e:
            messages.error(request, "；".join(getattr(e, "messages", None) or [str(e)]))
        else:
            messages.success(request, "已保存“及时公开”宽限期")
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("directories:list", code=agency.code)
