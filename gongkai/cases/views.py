"""Staff pages for on-request disclosure: queue, due lists, intake, the case file and its steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core import receipts
from gongkai.core.clock import today
from gongkai.core.models import AuditEvent
from gongkai.letters.models import LetterKind
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
# Session entry holding a query code just given at the counter or reissued: shown once.
CODE_RECEIPT = "cases.code"


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
    form = forms.IntakeForm(request.POST or None, initial={"arrived_on": today()})
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
            receipts.remember(
                request, CODE_RECEIPT, agency_code=agency.code, pk=case.pk, code=registration.query_code, created=True
            )
            # The counter 受理回执 carries the query code: the applicant leaves with it on paper.
            try:
                s.issue_case_letter(
                    actor=request.user, case=case, kind=LetterKind.RECEIPT, query_code=registration.query_code
                )
            except ValidationError as e:  # an agency template that no longer renders: the case stands
                messages.warning(request, f"已登记 {case.number}，但受理回执未能出具：{'；'.join(e.messages)}")
            else:
                messages.success(request, f"已登记 {case.number}，受理回执已出具（载有查询码），请打印交申请人")
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/case_intake.html", {"form": form, "agency": agency})


def _detail_context(request, case: Case) -> dict:
    can_act = bool(roles_in(request.user, case.agency) - {Role.SUPERVISOR})
    events = AuditEvent.objects.filter(target_type__model="case", target_id=str(case.pk)).select_related("actor")
    applicant = case.applicant
    deadlines = list(case.deadlines.all())
    now = today()
    receipt = receipts.take(request, CODE_RECEIPT, agency_code=case.agency.code)
    return {
        "case": case,
        "can_act": can_act,
        "events": events.order_by("at", "id"),
        "current_deadlines": [d for d in deadlines if not d.superseded],
        "superseded_deadlines": [d for d in deadlines if d.superseded],
        "consultations": case.consultations.all(),
        "fee": getattr(case, "fee_notice", None),
        "reply": getattr(case, "reply", None),
        "parts": list(case.reply.parts.all()) if hasattr(case, "reply") else [],
        "extension_requests": case.extension_requests.select_related("requested_by", "decided_by"),
        "masked_id": mask_identity(applicant.id_number) if applicant.id_number else "",
        "masked_phone": mask_phone(applicant.phone) if applicant.phone else "",
        "similar": s.similar_cases(case) if case.is_open else [],
        "today": now,
        "overdue": case.clock_running and case.due_on < now,
        "action_forms": _action_forms(case, request.user, now) if can_act else {},
        "letter_rows": _letter_rows(case),
        "new_code": receipt.code if receipt and receipt.pk == case.pk else "",
    }


def _letter_rows(case: Case) -> list[dict]:
    issued = {}
    for cl in case.case_letters.select_related("letter").order_by("id"):
        issued[(cl.kind, cl.consultation_id)] = cl.letter  # the latest (a reissued receipt) wins
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
        consultation = case.consultations.filter(pk=_int(request.POST["consultation"])).first()
        if consultation is None:
            raise Http404
    try:
        letter = s.issue_case_letter(actor=request.user, case=case, kind=kind, consultation=consultation)
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, "；".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, f"已出具{letter.get_kind_display()} {letter.number}")
    return redirect("cases:detail", pk=case.pk)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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


# -- steps ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A step offered on the case page: its form, the services.steps name, the service it calls
    with which form fields (service keyword → form field), and what the clerk is told."""

    form: type
    step: str
    service: Callable[..., object] | None
    fields: dict[str, str]
    done: str  # the success message

    def perform(self, user, case: Case, form) -> object:
        data = form.cleaned_data
        kwargs = {keyword: data[name] for keyword, name in self.fields.items()}
        if self.step == "opinion":  # the consultation chosen in the form names the case
            return self.service(actor=user, revision=data["revision"], **kwargs)
        if self.step == "reply":
            kwargs["parts"] = form.parts()
        if self.step == "fee_notice":
            kwargs["pages"] = kwargs["pages"] or 0
        return self.service(actor=user, case=case, revision=data["revision"], **kwargs)


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


ACTIONS: dict[str, Action] = {
    "claim": Action(forms.ClaimForm, "claim", s.claim_case, {}, "已认领"),
    "assign": Action(forms.AssignForm, "assign", s.assign_case, _same("department", "reason"), "已分办"),
    "supplement": Action(
        forms.SupplementRequestForm,
        "request_supplement",
        s.request_supplement,
        _same("items", "supplement_by"),
        "已发出补正告知，补正告知书将自动出具",
    ),
    "supplemented": Action(
        forms.SupplementReceivedForm,
        "record_supplement",
        s.record_supplement,
        {"received_on": "on"},
        "已登记补正，答复期限重新起算",
    ),
    "abandoned": Action(forms.AbandonForm, "deem_abandoned", s.deem_abandoned, _same("on"), "已按逾期未补正办结"),
    "reasons": Action(
        forms.ReasonsRequestForm,
        "request_reasons",
        s.request_reasons,
        _same("reasons_by", "grounds"),
        "已要求说明理由，告知书将自动出具",
    ),
    "reasons_recorded": Action(
        forms.ReasonsForm,
        "record_reasons",
        s.record_reasons,
        _same("on", "reasonable", "new_due_on", "note"),
        "已登记说明理由",
    ),
    "consult": Action(
        forms.ConsultationForm,
        "consult",
        s.start_consultation,
        _same("party_kind", "party_name", "sent_on", "received_by_party_on"),
        "已登记征求意见，征求意见期间不计入答复期限",
    ),
    "opinion": Action(
        forms.OpinionForm,
        "opinion",
        s.record_opinion,
        _same("consultation", "replied_on", "opinion", "note"),
        "已登记征求意见结果",
    ),
    "extend": Action(
        forms.ExtensionForm, "extend", s.extend_deadline, _same("days", "reason"), "已延期，延期答复告知书将自动出具"
    ),
    "request_extension": Action(
        forms.ExtensionRequestForm,
        "request_extension",
        s.request_extension,
        _same("days", "reason"),
        "已报公开办负责人审批，负责人的工作台会显示这项申请",
    ),
    "decide_extension": Action(
        forms.ExtensionDecisionForm,
        "decide_extension",
        s.decide_extension,
        _same("approve", "days", "note"),
        "已审批延期申请",
    ),
    "fee": Action(
        forms.FeeForm,
        "fee_notice",
        s.issue_fee_notice,
        _same("method", "pages"),
        "已发出收费通知，收费通知书将自动出具",
    ),
    "fee_received": Action(
        forms.FeeReceivedForm,
        "fee_received",
        s.record_fee_notice_received,
        {"received_on": "on"},
        "已登记，缴费期限已计算",
    ),
    "paid": Action(forms.PaymentForm, "payment", s.record_payment, _same("paid_on"), "已登记缴费，答复期限恢复计算"),
    "unpaid": Action(forms.UnpaidForm, "close_unpaid", s.close_unpaid, _same("on"), "已按逾期未缴费办结"),
    "reply": Action(
        forms.ReplyForm,
        "reply",
        s.issue_reply,
        _same("outcome", "body", "legal_basis", "on"),
        "已作出答复，答复书将自动出具",
    ),
    "withdraw": Action(forms.WithdrawForm, "withdraw", s.withdraw_case, _same("on", "note"), "已按申请人撤回办结"),
    "delivery": Action(
        forms.DeliveryForm, "delivery", s.record_delivery, _same("method", "delivered_on", "proof"), "已登记送达"
    ),
    # Handled in case_action: the new code is shown once.
    "reissue_code": Action(
        forms.ReissueCodeForm, "reissue_code", None, {}, "已重新生成查询码，原查询码停止使用；新的受理回执已出具"
    ),
}


def _make_form(action: str, case: Case, data=None):
    initial = {"on": today()} if "on" in ACTIONS[action].form.base_fields else {}
    return ACTIONS[action].form(data, prefix=action, initial=initial, case=case)


def _action_forms(case: Case, user, now) -> dict:
    """The steps that would be accepted now, each as a blank form (and nothing else)."""
    return {
        action: _make_form(action, case)
        for action, spec in ACTIONS.items()
        if s.refusal(case, spec.step, actor=user, now=now) is None
    }


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
@require_POST
def case_action(request, pk, action):
    case = access_case(request.user, pk, write=True)
    if action not in ACTIONS:
        raise Http404
    spec = ACTIONS[action]
    if (refused := s.refusal(case, spec.step, actor=request.user)) is not None:
        # Offered on a page that is now stale (second click, other tab, another clerk): say why.
        messages.error(request, f"未执行：{refused}")
        return redirect("cases:detail", pk=case.pk)
    form = _make_form(action, case, request.POST)
    if form.is_valid():
        try:
            if action == "reissue_code":
                code, _ = s.reissue_query_code(actor=request.user, case=case, revision=form.cleaned_data["revision"])
                receipts.remember(
                    request, CODE_RECEIPT, agency_code=case.agency.code, pk=case.pk, code=code, created=True
                )
            else:
                spec.perform(request.user, case, form)
        except PermissionDenied as e:
            form.add_error(None, str(e) or "没有权限")
        except s.StaleForm as e:
            messages.error(request, "未执行：" + "；".join(e.messages))
            return redirect("cases:detail", pk=case.pk)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, spec.done)
            return redirect("cases:detail", pk=case.pk)
    # Re-render the case file with this form's errors and what the user typed.
    case.refresh_from_db()
    context = _detail_context(request, case)
    context["action_forms"][action] = form
    context["failed_action"] = action
    return render(request, "cases/case_detail.html", context, status=400)
