"""Staff pages for on-request disclosure: queue, due lists, intake, the case file and its steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.models import AuditEvent
from gongkai.organizations.access import access_agency, readable_agencies, require_role, roles_in
from gongkai.organizations.models import Role
from gongkai.statute.identity import mask_identity, mask_phone

from . import forms
from . import services as s
from .access import access_case, cases_for
from .models import Case, Status
from .selectors import due_soon_until
from .services.intake import ApplicantFacts

INTAKE_ROLES = (Role.CLERK, Role.OFFICE_HEAD, Role.ADMINISTRATOR)


@login_required
def case_list(request):
    today = timezone.localdate()
    cases = cases_for(request.user).select_related("applicant")
    view = request.GET.get("view", "open")
    if view == "open":
        cases = cases.open()
    elif view == "mine":
        cases = cases.open().filter(assignee=request.user)
    elif view == "unassigned":
        cases = cases.open().filter(department__isnull=True)
    elif view == "closed":
        cases = cases.filter(status=Status.CLOSED)
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(number__icontains=query) | cases.filter(applicant_name__icontains=query)
    page = Paginator(cases.order_by("due_on", "id"), 50).get_page(request.GET.get("page"))
    rows = [(case, mask_identity(case.applicant.id_number) if case.applicant.id_number else "") for case in page]
    intake_agencies = [a for a in readable_agencies(request.user) if roles_in(request.user, a) & set(INTAKE_ROLES)]
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "rows": rows,
            "view": view,
            "q": query,
            "today": today,
            "soon": due_soon_until(today),
            "intake_agencies": intake_agencies,
        },
    )


@login_required
def due_list(request):
    """Overdue and due-soon cases of every agency the user may read (supervisors: the subtree)."""
    today = timezone.localdate()
    until = due_soon_until(today)
    cases = cases_for(request.user)
    return render(
        request,
        "cases/due_list.html",
        {
            "overdue": cases.overdue(today).order_by("due_on"),
            "due_soon": cases.due_soon(today, until).order_by("due_on"),
            "today": today,
            "until": until,
        },
    )


@login_required
def case_intake(request, code):
    agency = access_agency(request.user, code, write=True)
    require_role(request.user, agency, *INTAKE_ROLES)
    form = forms.IntakeForm(request.POST or None, initial={"arrived_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            registration = s.register_case(
                agency=agency,
                channel=d["channel"],
                arrived_on=d["arrived_on"],
                signed_on=d["signed_on"],
                confirmed_on=d["confirmed_on"],
                description=d["description"],
                document_number=d["document_number"],
                applicant=ApplicantFacts(
                    kind=d["applicant_kind"],
                    name=d["applicant_name"],
                    id_type=d["id_type"],
                    id_number=d["id_number"],
                    phone=d["phone"],
                    email=d["email"],
                    address=d["address"],
                ),
                actor=request.user,
            )
        except ValidationError as e:
            _form_errors(form, e)
        else:
            case = registration.case
            messages.success(
                request, f"已登记 {case.number}，查询码 {registration.query_code}（仅显示一次，请告知申请人）"
            )
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_intake.html", {"form": form, "agency": agency})


def _detail_context(request, case: Case) -> dict:
    can_act = bool(roles_in(request.user, case.agency) - {Role.SUPERVISOR})
    events = AuditEvent.objects.filter(target_type__model="case", target_id=str(case.pk)).select_related("actor")
    applicant = case.applicant
    return {
        "case": case,
        "can_act": can_act,
        "events": events.order_by("at", "id"),
        "deadlines": case.deadlines.all(),
        "consultations": case.consultations.all(),
        "fee": getattr(case, "fee_notice", None),
        "reply": getattr(case, "reply", None),
        "masked_id": mask_identity(applicant.id_number) if applicant.id_number else "",
        "masked_phone": mask_phone(applicant.phone) if applicant.phone else "",
        "similar": s.similar_cases(case) if case.is_open else [],
        "today": timezone.localdate(),
        "action_forms": _action_forms(case, request.user) if can_act else {},
        "letter_rows": _letter_rows(case),
    }


def _letter_rows(case: Case) -> list[dict]:
    issued = {(cl.kind, cl.consultation_id): cl.letter for cl in case.case_letters.select_related("letter")}
    return [
        {
            "kind": kind,
            "label": label,
            "consultation": consultation,
            "letter": issued.get((kind, consultation.pk if consultation else None)),
        }
        for kind, label, consultation in s.available_letters(case)
    ]


@login_required
@require_POST
def case_letter(request, pk, kind):
    """Issue the letter (once; later requests return the same letter) and go back to the case."""
    case = access_case(request.user, pk, write=True)
    consultation = None
    if request.POST.get("consultation"):
        consultation = case.consultations.filter(pk=request.POST["consultation"]).first()
        if consultation is None:
            raise Http404
    try:
        letter = s.issue_case_letter(actor=request.user, case=case, kind=kind, consultation=consultation)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, "；".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, f"已出具{letter.get_kind_display()} {letter.number}")
    return redirect("cases:detail", pk=case.pk)


@login_required
def case_detail(request, pk):
    case = access_case(request.user, pk)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


@login_required
def case_applicant(request, pk):
    """The applicant's full details; every view is logged (personal information)."""
    case = access_case(request.user, pk)
    applicant = s.view_applicant(actor=request.user, case=case)
    return render(request, "cases/case_applicant.html", {"case": case, "applicant": applicant})


def _make_form(form_class, case: Case, action: str, data=None):
    kwargs = {"case": case} if getattr(form_class, "needs_case", False) else {}
    return form_class(data, prefix=action, initial={"on": timezone.localdate()}, **kwargs)


def _action_forms(case: Case, user) -> dict:
    """The steps the case's state allows, each as a blank form."""
    is_head = Role.OFFICE_HEAD in roles_in(user, case.agency)
    forms_by_action = {}
    for action, (form_class, statuses, _) in ACTIONS.items():
        if case.status not in statuses:
            continue
        if action == "extend" and not is_head:
            continue
        if action == "opinion" and not case.consultations.filter(opinion="").exists():
            continue
        if action == "delivery" and (not hasattr(case, "reply") or case.reply.delivered_on):
            continue
        forms_by_action[action] = _make_form(form_class, case, action)
    return forms_by_action


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _opinion(user, case, d):
    return s.record_opinion(
        actor=user, consultation=d["consultation"], replied_on=d["replied_on"], opinion=d["opinion"], note=d["note"]
    )


OPEN = {Status.REGISTERED}
ALL_OPEN = {Status.REGISTERED, Status.SUPPLEMENT_REQUESTED, Status.REASONS_REQUESTED, Status.FEE_NOTIFIED}
ACTIONS = {
    "assign": (
        forms.AssignForm,
        ALL_OPEN,
        lambda u, c, d: s.assign_case(actor=u, case=c, department=d["department"], reason=d["reason"]),
    ),
    "supplement": (
        forms.SupplementRequestForm,
        OPEN,
        lambda u, c, d: s.request_supplement(actor=u, case=c, items=d["items"], supplement_by=d["supplement_by"]),
    ),
    "supplemented": (
        forms.DateForm,
        {Status.SUPPLEMENT_REQUESTED},
        lambda u, c, d: s.record_supplement(actor=u, case=c, received_on=d["on"]),
    ),
    "abandoned": (
        forms.DateForm,
        {Status.SUPPLEMENT_REQUESTED},
        lambda u, c, d: s.deem_abandoned(actor=u, case=c, on=d["on"]),
    ),
    "reasons": (
        forms.ReasonsRequestForm,
        OPEN,
        lambda u, c, d: s.request_reasons(actor=u, case=c, reasons_by=d["reasons_by"], grounds=d["grounds"]),
    ),
    "reasons_recorded": (
        forms.ReasonsForm,
        {Status.REASONS_REQUESTED},
        lambda u, c, d: s.record_reasons(
            actor=u, case=c, on=d["on"], reasonable=d["reasonable"], new_due_on=d["new_due_on"], note=d["note"]
        ),
    ),
    "consult": (
        forms.ConsultationForm,
        OPEN,
        lambda u, c, d: s.start_consultation(
            actor=u,
            case=c,
            party_kind=d["party_kind"],
            party_name=d["party_name"],
            sent_on=d["sent_on"],
            received_by_party_on=d["received_by_party_on"],
        ),
    ),
    "opinion": (forms.OpinionForm, OPEN, _opinion),
    "extend": (
        forms.ExtensionForm,
        OPEN,
        lambda u, c, d: s.extend_deadline(actor=u, case=c, days=d["days"], reason=d["reason"]),
    ),
    "fee": (
        forms.FeeForm,
        OPEN,
        lambda u, c, d: s.issue_fee_notice(actor=u, case=c, method=d["method"], pages=d["pages"] or 0),
    ),
    "fee_received": (
        forms.DateForm,
        {Status.FEE_NOTIFIED},
        lambda u, c, d: s.record_fee_notice_received(actor=u, case=c, received_on=d["on"]),
    ),
    "paid": (
        forms.PaymentForm,
        {Status.FEE_NOTIFIED},
        lambda u, c, d: s.record_payment(actor=u, case=c, paid_on=d["paid_on"]),
    ),
    "unpaid": (forms.DateForm, {Status.FEE_NOTIFIED}, lambda u, c, d: s.close_unpaid(actor=u, case=c, on=d["on"])),
    "reply": (
        forms.ReplyForm,
        OPEN,
        lambda u, c, d: s.issue_reply(
            actor=u, case=c, outcome=d["outcome"], body=d["body"], legal_basis=d["legal_basis"], on=d["on"]
        ),
    ),
    "withdraw": (forms.DateForm, ALL_OPEN, lambda u, c, d: s.withdraw_case(actor=u, case=c, on=d["on"])),
    "delivery": (
        forms.DeliveryForm,
        {Status.CLOSED},
        lambda u, c, d: s.record_delivery(
            actor=u, case=c, method=d["method"], delivered_on=d["delivered_on"], proof=d["proof"]
        ),
    ),
}


@login_required
@require_POST
def case_action(request, pk, action):
    case = access_case(request.user, pk, write=True)
    if action not in ACTIONS:
        raise Http404
    form_class, _, perform = ACTIONS[action]
    form = _make_form(form_class, case, action, request.POST)
    if form.is_valid():
        try:
            perform(request.user, case, form.cleaned_data)
        except PermissionDenied as e:
            form.add_error(None, str(e) or "没有权限")
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, "已保存")
            return redirect("cases:detail", pk=case.pk)
    # Re-render the case file with this form's errors and what the user typed.
    context = _detail_context(request, case)
    context["action_forms"][action] = form
    context["failed_action"] = action
    return render(request, "cases/case_detail.html", context, status=400)
