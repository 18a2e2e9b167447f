"""Staff pages for the docket of reconsideration and litigation cases."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.cases.selectors import due_soon_until
from gongkai.cases.services.letters import reconsideration_body
from gongkai.core.models import AuditEvent
from gongkai.organizations.access import access_agency, roles_in, writable_agencies
from gongkai.organizations.models import Role

from . import forms
from . import services as s
from .access import access_remedy, remedies_for
from .models import Outcome, RemedyCase


def _attachment(data: bytes, *, filename: str, fallback: str, content_type: str) -> HttpResponse:
    """A download (never shown inline) with its Chinese name and an ASCII name for old clients."""
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return response


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def remedy_list(request):
    today = timezone.localdate()
    remedies = remedies_for(request.user).prefetch_related("cases")
    view = request.GET.get("view", "open")
    if view == "open":
        remedies = remedies.filter(outcome=Outcome.PENDING)
    elif view == "reply":
        remedies = remedies.filter(replied_on__isnull=True)
    elif view == "decided":
        remedies = remedies.exclude(outcome=Outcome.PENDING)
    query = request.GET.get("q", "").strip()
    if query:
        remedies = remedies.filter(number__icontains=query) | remedies.filter(applicant_name__icontains=query)
    page = Paginator(remedies.order_by("-filed_on", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "remedies/remedy_list.html",
        {
            "page": page,
            "view": view,
            "q": query,
            "today": today,
            "soon": due_soon_until(today),
            "create_agencies": list(writable_agencies(request.user)),
        },
    )


@login_required
def remedy_create(request, code):
    agency = access_agency(request.user, code, write=True)
    form = forms.RemedyForm(
        request.POST or None,
        agency=agency,
        initial={"body": reconsideration_body(agency), "filed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            remedy = s.register_remedy(
                actor=request.user,
                agency=agency,
                kind=d["kind"],
                number=d["number"],
                body=d["body"],
                applicant_name=d["applicant_name"],
                filed_on=d["filed_on"],
                served_on=d["served_on"],
                simplified=d["simplified"],
                cases=[d["case"]] if d["case"] else [],
            )
        except ValidationError as e:
            _form_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e) or "没有权限")
        else:
            messages.success(request, f"已登记 {remedy.number}")
            return redirect("remedies:detail", pk=remedy.pk)
    return render(request, "remedies/remedy_form.html", {"form": form, "agency": agency})


ACTIONS = {
    "served": (
        forms.ServedForm,
        lambda u, r, d: s.record_service(actor=u, remedy=r, served_on=d["served_on"], simplified=d.get("simplified")),
    ),
    "reply": (forms.ReplyForm, lambda u, r, d: s.record_reply(actor=u, remedy=r, replied_on=d["replied_on"])),
    "hearing": (forms.HearingForm, lambda u, r, d: s.add_hearing(actor=u, remedy=r, on=d["on"], note=d["note"])),
    "outcome": (
        forms.OutcomeForm,
        lambda u, r, d: s.record_outcome(actor=u, remedy=r, outcome=d["outcome"], decided_on=d["decided_on"]),
    ),
    "link": (forms.LinkForm, lambda u, r, d: s.link_case(actor=u, remedy=r, case=d["case"])),
    "document": (
        forms.DocumentForm,
        lambda u, r, d: s.add_document(actor=u, remedy=r, name=d["file"].name, data=d["file"].read()),
    ),
}
ACTION_LABELS = {
    "served": "登记收到副本",
    "reply": "登记提交答复（答辩）",
    "hearing": "登记开庭（听证）",
    "outcome": "登记审理结果",
    "link": "关联依申请公开件",
    "document": "上传案件材料",
}


def _action_forms(remedy: RemedyCase) -> dict:
    """The steps open now, each as a blank form."""
    today = timezone.localdate()
    initial = {
        "served": {"served_on": remedy.served_on or today, "simplified": remedy.simplified},
        "reply": {"replied_on": today},
        "outcome": {"outcome": remedy.outcome, "decided_on": remedy.decided_on},
    }
    out = {}
    for action, (form_class, _) in ACTIONS.items():
        if action == "served" and remedy.replied_on:
            continue
        if action == "reply" and not remedy.served_on:
            continue
        out[action] = form_class(prefix=action, initial=initial.get(action), remedy=remedy)
    return out


def _detail_context(request, remedy: RemedyCase) -> dict:
    can_act = bool(roles_in(request.user, remedy.agency) - {Role.SUPERVISOR})
    events = AuditEvent.objects.filter(target_type__app_label="remedies", target_type__model="remedycase").filter(
        target_id=str(remedy.pk)
    )
    today = timezone.localdate()
    return {
        "remedy": remedy,
        "can_act": can_act,
        "cases": remedy.cases.order_by("received_on", "id"),
        "hearings": remedy.hearings.all(),
        "documents": remedy.documents.defer("data"),
        "events": events.select_related("actor").order_by("at", "id"),
        "today": today,
        "soon": due_soon_until(today),
        "action_forms": {a: (ACTION_LABELS[a], f) for a, f in _action_forms(remedy).items()} if can_act else {},
    }


@login_required
def remedy_detail(request, pk):
    remedy = access_remedy(request.user, pk)
    return render(request, "remedies/remedy_detail.html", _detail_context(request, remedy))


@login_required
@require_POST
def remedy_action(request, pk, action):
    remedy = access_remedy(request.user, pk, write=True)
    if action not in ACTIONS:
        raise Http404
    form_class, perform = ACTIONS[action]
    form = form_class(request.POST, request.FILES, prefix=action, remedy=remedy)
    if form.is_valid():
        try:
            perform(request.user, remedy, form.cleaned_data)
        except PermissionDenied as e:
            form.add_error(None, str(e) or "没有权限")
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, "已保存")
            return redirect("remedies:detail", pk=remedy.pk)
    remedy.refresh_from_db()
    context = _detail_context(request, remedy)
    if context["action_forms"]:
        context["action_forms"][action] = (ACTION_LABELS[action], form)
    context["failed_action"] = action
    return render(request, "remedies/remedy_detail.html", context, status=400)


@login_required
@require_POST
def remedy_unlink(request, pk, case_pk):
    remedy = access_remedy(request.user, pk, write=True)
    case = remedy.cases.filter(pk=case_pk).first()
    if case is None:
        raise Http404
    try:
        s.unlink_case(actor=request.user, remedy=remedy, case=case)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, "；".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, f"已取消关联 {case.number}")
    return redirect("remedies:detail", pk=remedy.pk)


@never_cache
@login_required
def evidence(request, pk):
    remedy = access_remedy(request.user, pk)
    try:
        data = s.evidence_bundle(actor=request.user, remedy=remedy)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, "；".join(getattr(e, "messages", [str(e)])))
        return redirect("remedies:detail", pk=remedy.pk)
    return _attachment(
        data,
        filename=f"{remedy.number}证据材料.zip",
        fallback=f"evidence-{remedy.pk}.zip",
        content_type="application/zip",
    )


@never_cache
@login_required
def document(request, pk, doc_pk):
    remedy = access_remedy(request.user, pk)
    doc = remedy.documents.filter(pk=doc_pk).first()
    if doc is None:
        raise Http404("没有找到该材料")
    return _attachment(doc.data, filename=doc.name, fallback=f"document-{doc.pk}", content_type=doc.content_type)
