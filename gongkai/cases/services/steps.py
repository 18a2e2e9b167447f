"""What each step of a case needs before it can be taken, in one place.

The case page offers a step only when ``refusal`` finds nothing against it, and every service
calls ``check_step`` first under the case's row lock, so what is offered and what is accepted
cannot drift apart. Checks here depend on the case, the person and today; checks on what the
person typed (dates, amounts) stay in the services.

Invariants the services keep (docs/decisions/0021-case-workflow-invariants.md):
- no event is dated after today, nor before the event it answers;
- once the reply deadline has passed while the clock runs, no step may move it later;
- a form shown at one revision of the case cannot change a later one (double click, two tabs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import clock as today_clock
from gongkai.core.audit import record_event
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Role
from gongkai.statute.fees import FEES_IN_FORCE_FROM_YEAR

from ..models import OPEN_STATUSES, Case, Deadline, ExtensionRequest, Status
from . import clock

STALE = (
    "本申请在您打开此页面之后已有变化（可能是重复提交、在其他标签页中已经办理，或其他人已经办理），"
    "本次操作没有执行。请查看最新情况后再操作。"
)
# Deadlines a clerk sets for the applicant, and the Art. 35 delayed reply date, stay within this.
MAX_SET_PERIOD = dt.timedelta(days=366)


class CaseStateError(ValidationError):
    """A step that the case's current state does not allow."""


class StaleForm(CaseStateError):
    """The form was shown at an earlier revision of the case."""


def today() -> dt.date:
    return today_clock.today()


def _d(day: dt.date) -> str:
    return day.isoformat()


# -- who may act ----------------------------------------------------------------------------

HANDLING_ROLES = frozenset(set(Role) - {Role.SUPERVISOR})
CODE_ROLES = frozenset({Role.CLERK, Role.OFFICE_HEAD, Role.ADMINISTRATOR})
HEAD_ROLES = frozenset({Role.OFFICE_HEAD})


def role_refusal(actor, case: Case, roles: frozenset[str]) -> str | None:
    held = roles_in(actor, case.agency)
    if not held - {Role.SUPERVISOR}:
        return "您不是本机关的工作人员，不能办理此申请"
    if not held & roles:
        if roles == HEAD_ROLES:
            return "须由政府信息公开工作机构负责人（公开办负责人）办理（条例第三十三条）"
        return "此操作需要以下角色之一：" + "、".join(Role(r).label for r in sorted(roles))
    return None


# -- per-step conditions on the case and today ----------------------------------------------


def _pending_extension(case: Case) -> ExtensionRequest | None:
    return case.extension_requests.filter(decision=ExtensionRequest.Decision.PENDING).first()


def _past_due(case: Case, now: dt.date, what: str) -> str | None:
    if now > case.due_on:
        return f"答复期限（{_d(case.due_on)}）已过，不能再{what}"
    return None


def _supplement(case: Case, now: dt.date, actor) -> str | None:
    if case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT).exists():
        return "补正告知只能一次性发出，本申请已经发出过补正告知"
    if case.consultations.exists():
        return "本申请已经征求过意见，说明申请内容明确，不能再要求补正"
    if hasattr(case, "fee_notice"):
        return "本申请已经发出过收费通知，不能再要求补正"
    if case.extension_days:
        return "本申请已经延期答复，不能再要求补正"
    return _past_due(case, now, "要求补正")


def _abandon(case: Case, now: dt.date, actor) -> str | None:
    deadline = case.deadlines.filter(kind=Deadline.Kind.SUPPLEMENT, superseded=False).first()
    if deadline is None:
        return "本申请没有补正期限，不能视为放弃申请"
    if now <= deadline.due_on:
        return f"补正期限（{_d(deadline.due_on)}）届满后才能视为放弃申请"
    return None


def _reasons(case: Case, now: dt.date, actor) -> str | None:
    if case.deadlines.filter(kind=Deadline.Kind.REASONS).exists():
        return "本申请已经要求过说明理由"
    return _past_due(case, now, "要求说明理由")


def _consult(case: Case, now: dt.date, actor) -> str | None:
    return _past_due(case, now, "征求意见（征求意见期间不计入答复期限，须在期限内发出）")


def _opinion(case: Case, now: dt.date, actor) -> str | None:
    if not case.consultations.filter(opinion="").exists():
        return "没有等待登记结果的征求意见"
    return None


def _extension_possible(case: Case, now: dt.date) -> str | None:
    if case.extension_days:
        return "本申请已经延期，不能再次延期"
    return _past_due(case, now, "延期")


def _extend(case: Case, now: dt.date, actor) -> str | None:
    if _pending_extension(case) is not None:
        return "本申请有一项待审批的延期申请，请在下方审批"
    return _extension_possible(case, now)


def _request_extension(case: Case, now: dt.date, actor) -> str | None:
    if Role.OFFICE_HEAD in roles_in(actor, case.agency):
        return "您是公开办负责人，可以直接办理延期"
    if _pending_extension(case) is not None:
        return "本申请已有一项待审批的延期申请"
    return _extension_possible(case, now)


def _decide_extension(case: Case, now: dt.date, actor) -> str | None:
    if _pending_extension(case) is None:
        return "没有待审批的延期申请"
    return None


def _fee(case: Case, now: dt.date, actor) -> str | None:
    if hasattr(case, "fee_notice"):
        return "本申请已经发出过收费通知，每件申请只能收费一次"
    if case.received_on.year < FEES_IN_FORCE_FROM_YEAR:
        return f"信息处理费自{FEES_IN_FORCE_FROM_YEAR}年1月1日起收取"
    if not case.agency.fee_payment_text:
        return (
            "本机关尚未填写信息处理费的缴款方式（收款单位、开户银行和账号，或缴款说明），"
            "请系统管理员在系统设置的机关信息中填写"
        )
    return _past_due(case, now, "发出收费通知（收费通知应当在答复期限内发出）")


def _fee_received(case: Case, now: dt.date, actor) -> str | None:
    if case.fee_notice.received_on is not None:
        return f"已经登记申请人于 {_d(case.fee_notice.received_on)} 收到收费通知"
    return None


def _unpaid(case: Case, now: dt.date, actor) -> str | None:
    notice = case.fee_notice
    if notice.received_on is None:
        return "尚未登记申请人收到收费通知的日期，不能按逾期未缴费处理"
    if now <= notice.pay_by:
        return f"缴费期限（{_d(notice.pay_by)}）尚未届满"
    return None


def _reply(case: Case, now: dt.date, actor) -> str | None:
    if case.consultations.filter(opinion="").exists():
        return "尚有征求意见没有登记结果，请先登记对方的意见（或对方逾期未答复）再作出答复"
    return None


def _claim(case: Case, now: dt.date, actor) -> str | None:
    if case.assignee_id == getattr(actor, "pk", None):
        return "您已经是本申请的经办人"
    return None


def _assign(case: Case, now: dt.date, actor) -> str | None:
    if not case.agency.departments.exists():
        return "本机关尚未设置内设科室，请系统管理员先在系统设置中添加科室"
    return None


def _delivery(case: Case, now: dt.date, actor) -> str | None:
    reply = getattr(case, "reply", None)
    if reply is None:
        return "本申请尚未答复"
    if reply.delivered_on is not None:
        return f"已经登记于 {_d(reply.delivered_on)} 送达"
    return None


@dataclass(frozen=True)
class Step:
    label: str
    statuses: frozenset[str]
    roles: frozenset[str] = HANDLING_ROLES
    condition: Callable[[Case, dt.date, object], str | None] | None = None


_OPEN = frozenset(OPEN_STATUSES)
_REGISTERED = frozenset({Status.REGISTERED})

STEPS: dict[str, Step] = {
    "assign": Step("分办", _OPEN, condition=_assign),
    "claim": Step("认领", _OPEN, condition=_claim),
    "request_supplement": Step("发出补正告知", _REGISTERED, condition=_supplement),
    "record_supplement": Step("登记补正", frozenset({Status.SUPPLEMENT_REQUESTED})),
    "deem_abandoned": Step("视为放弃申请", frozenset({Status.SUPPLEMENT_REQUESTED}), condition=_abandon),
    "request_reasons": Step("要求说明理由", _REGISTERED, condition=_reasons),
    "record_reasons": Step("登记说明理由", frozenset({Status.REASONS_REQUESTED})),
    "consult": Step("征求意见", _REGISTERED, condition=_consult),
    "opinion": Step("登记征求意见结果", _OPEN, condition=_opinion),
    "extend": Step("延期答复", _REGISTERED, roles=HEAD_ROLES, condition=_extend),
    "request_extension": Step("申请延期", _REGISTERED, condition=_request_extension),
    "decide_extension": Step("审批延期申请", _OPEN, roles=HEAD_ROLES, condition=_decide_extension),
    "fee_notice": Step("发出收费通知", _REGISTERED, condition=_fee),
    "fee_received": Step("登记收到收费通知", frozenset({Status.FEE_NOTIFIED}), condition=_fee_received),
    "payment": Step("登记缴费", frozenset({Status.FEE_NOTIFIED})),
    "close_unpaid": Step("逾期未缴费终止办理", frozenset({Status.FEE_NOTIFIED}), condition=_unpaid),
    "reply": Step("作出答复", _REGISTERED, condition=_reply),
    "withdraw": Step("撤回申请", _OPEN),
    "delivery": Step("登记送达", frozenset({Status.CLOSED}), condition=_delivery),
    "reissue_code": Step("重新生成查询码", frozenset(Status.values), roles=CODE_ROLES),
}


def check_step(case: Case, step: str, *, actor, now: dt.date | None = None) -> None:
    """Raise PermissionDenied or CaseStateError (Chinese) unless ``step`` may be taken now."""
    spec = STEPS[step]
    if (message := role_refusal(actor, case, spec.roles)) is not None:
        raise PermissionDenied(message)
    if case.status not in spec.statuses:
        raise CaseStateError(f"当前状态为“{case.get_status_display()}”，不能{spec.label}")
    if spec.condition is not None and (message := spec.condition(case, now or today(), actor)) is not None:
        raise CaseStateError(message)


def refusal(case: Case, step: str, *, actor, now: dt.date | None = None) -> str | None:
    """Why ``step`` cannot be taken now (None: it can); what the case page uses to offer steps."""
    try:
        check_step(case, step, actor=actor, now=now)
    except (PermissionDenied, ValidationError) as e:
        return "；".join(getattr(e, "messages", None) or [str(e)])
    return None


# -- the shape every service shares ---------------------------------------------------------


def lock(case: Case, revision: int | None = None) -> Case:
    """Re-read the case under a row lock so two clerks cannot both move it; refuse a stale form."""
    fresh = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    if revision is not None and fresh.revision != revision:
        raise StaleForm(STALE)
    return fresh


def save(case: Case, *fields: str) -> None:
    case.revision += 1
    case.save(update_fields=[*dict.fromkeys(fields), "revision", "updated_at"])


def event(case: Case, code: str, summary: str, actor, **data) -> None:
    record_event(
        code=code,
        summary=f"{case.number}：{summary}",
        actor=actor,
        agency=case.agency,
        target=case,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )


CLOCK_FIELDS = ("due_on", "due_provisional", "due_explanation")


def reclock(case: Case, *, now: dt.date, was_running: bool | None = None) -> None:
    """Recompute the reply due date; refuse if that moves a deadline that has already passed."""
    before = case.due_on
    running = case.clock_running if was_running is None else was_running
    clock.recompute_reply_due(case)
    if running and now > before and case.due_on > before:
        raise CaseStateError(f"答复期限（{_d(before)}）已过，此项登记会推迟答复期限，不能办理")


# -- dates a person typed -------------------------------------------------------------------


def not_future(day: dt.date, field: str, label: str, *, now: dt.date | None = None) -> None:
    now = now or today()
    if day > now:
        raise ValidationError({field: f"{label}（{_d(day)}）不能晚于今天（{_d(now)}）"})


def not_before(day: dt.date, earlier: dt.date, field: str, message: str) -> None:
    if day < earlier:
        raise ValidationError({field: message})


def within_period(day: dt.date, start: dt.date, field: str, label: str) -> None:
    if day - start > MAX_SET_PERIOD:
        raise ValidationError({field: f"{label}（{_d(day)}）过远，应在{_d(start)}之后一年以内"})


def recorded_facts(case: Case) -> list[tuple[dt.date, str]]:
    """(date, what) of every fact recorded on the case: a reply or withdrawal cannot predate them."""
    facts = [(case.received_on, "收到申请")]
    if case.clock_started_on != case.received_on:
        facts.append((case.clock_started_on, "收到补正材料"))
    labels = dict(Deadline.Kind.choices)
    for kind, start_on, met_on in case.deadlines.values_list("kind", "start_on", "met_on"):
        if kind == Deadline.Kind.REPLY:
            continue
        facts.append((start_on, labels[kind].replace("期限", "") + "起算"))
        if met_on is not None and kind != Deadline.Kind.SUPPLEMENT_NOTICE:
            facts.append((met_on, labels[kind].replace("期限", "") + "完成"))
    for consultation in case.consultations.all():
        facts.append((consultation.sent_on, f"向{consultation.party_name}发出征求意见"))
        if consultation.replied_on:
            facts.append((consultation.replied_on, f"{consultation.party_name}答复"))
    notice = getattr(case, "fee_notice", None)
    if notice is not None:
        facts.append((notice.issued_on, "发出收费通知"))
        if notice.received_on:
            facts.append((notice.received_on, "申请人收到收费通知"))
        if notice.paid_on:
            facts.append((notice.paid_on, "申请人缴费"))
    return facts


def not_before_facts(case: Case, day: dt.date, field: str, label: str) -> None:
    latest_on, what = max(recorded_facts(case), key=lambda f: f[0])
    if day < latest_on:
        raise ValidationError({field: f"{label}（{_d(day)}）不能早于已登记的“{what}”（{_d(latest_on)}）"})
