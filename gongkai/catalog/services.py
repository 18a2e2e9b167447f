"""Every change to a catalogue document: guarded by the transition table, versioned and audited."""

from __future__ import annotations

import datetime as dt
import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.core.sequences import take_next
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Department, Membership, Role
from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.catalog import ALL_ITEMS, format_index_number, items_for_level
from gongkai.statute.detectors import mask_text, scan_personal_data

from .checks import ERROR, WARNING, Problem, pre_publication_checks
from .models import CheckWord, Disclosure, Document, DocumentVersion, IndexCounter, Kind, Status, Validity
from .sanitize import sanitize_html
from .search import index_document, unindex_document
from .tasks import schedule_link_check

ALLOWED = {
    "edit": {Status.DRAFT},
    "submit": {Status.DRAFT},
    "approve": {Status.SUBMITTED},
    "secrecy_review": {Status.DEPT_APPROVED},
    "sign_off": {Status.SECRECY_REVIEWED},
    "publish": {Status.SIGNED},
    "release": {Status.SCHEDULED},
    "reject": {Status.SUBMITTED, Status.DEPT_APPROVED, Status.SECRECY_REVIEWED, Status.SIGNED, Status.SCHEDULED},
    "unpublish": {Status.PUBLISHED},
    "repeal": {Status.PUBLISHED},
}
STEP_LABELS = {
    "edit": "修改",
    "submit": "提交审核",
    "approve": "科室审核",
    "secrecy_review": "保密审查",
    "sign_off": "签发",
    "publish": "发布",
    "release": "定时发布",
    "reject": "退回",
    "unpublish": "撤下",
    "repeal": "废止",
}
# Who may take each step (roles held in the document's own agency).
DRAFTERS = {Role.CONTRIBUTOR, Role.CLERK, Role.OFFICE_HEAD, Role.DEPARTMENT_HEAD}
STEP_ROLES = {
    "approve": {Role.DEPARTMENT_HEAD},
    "secrecy_review": {Role.REVIEWER},
    "sign_off": {Role.LEADER},
    "publish": {Role.OFFICE_HEAD, Role.CLERK, Role.LEADER},
    "reject": {Role.DEPARTMENT_HEAD, Role.REVIEWER, Role.LEADER, Role.OFFICE_HEAD},
    "unpublish": {Role.OFFICE_HEAD, Role.LEADER},
    "repeal": {Role.OFFICE_HEAD, Role.LEADER},
}
EDITABLE_FIELDS = (
    "title",
    "summary",
    "subject",
    "item",
    "kind",
    "issuing_body",
    "written_on",
    "document_number",
    "validity",
    "validity_changed_on",
    "disclosure",
    "disclosure_reason",
    "body",
)


class DocumentStateError(ValidationError):
    """A step that the document's current state does not allow."""


class PublicationBlocked(ValidationError):
    """Pre-publication checks found errors, or warnings without an override reason."""

    def __init__(self, problems: list[Problem], message: str) -> None:
        self.problems = problems
        super().__init__([message, *(p.message for p in problems)])


def _guard(document: Document, step: str) -> None:
    if document.status not in ALLOWED[step]:
        raise DocumentStateError(f"当前状态为“{document.get_status_display()}”，不能{STEP_LABELS[step]}")


def _acting(actor, agency: Agency, roles: set[str]) -> None:
    held = roles_in(actor, agency)
    if not held - {Role.SUPERVISOR}:
        raise PermissionDenied("您不是本机关的工作人员，不能办理此文件")
    if not held & roles:
        labels = "、".join(Role(r).label for r in sorted(roles))
        raise PermissionDenied(f"此操作需要以下角色之一：{labels}")


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _today() -> dt.date:
    return timezone.localdate()


def _event(document: Document, code: str, summary: str, actor, *, actor_label: str = "", **data) -> None:
    record_event(
        code=code,
        summary=f"{document.index_number}：{summary}",
        actor=actor,
        actor_label=actor_label,
        agency=document.agency,
        target=document,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )


# -- versions ----------------------------------------------------------------------------------


def snapshot(document: Document) -> dict:
    data = {}
    for name in (*EDITABLE_FIELDS, "status", "published_on", "repealed_on", "unpublished_on"):
        value = getattr(document, name)
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    data["interprets"] = document.interprets_id
    # By content hash, so replacing a file with another of the same name shows in the diff.
    data["attachments"] = [{"name": n, "sha256": h} for n, h in document.attachments.values_list("name", "sha256")]
    return data


def _lines(value) -> list[str]:
    if isinstance(value, list):
        return [f"{item['name']}（sha256 {item['sha256'][:16]}…）" for item in value]
    return str(value or "").splitlines()


def _version(document: Document, actor, change: str) -> DocumentVersion:
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        change=change[:200],
        snapshot=snapshot(document),
    )


def diff_versions(old: DocumentVersion, new: DocumentVersion) -> str:
    """A unified diff of two snapshots, one field per block, for reviewers."""
    lines: list[str] = []
    for name in new.snapshot:
        a, b = old.snapshot.get(name), new.snapshot.get(name)
        if a == b:
            continue
        lines.extend(
            difflib.unified_diff(
                _lines(a),
                _lines(b),
                fromfile=f"v{old.number} {name}",
                tofile=f"v{new.number} {name}",
                lineterm="",
            )
        )
    return "\n".join(lines)


# -- numbers -----------------------------------------------------------------------------------


def allocate_index_number(agency: Agency, year: int) -> str:
    """Next 索引号 of the agency and year, from a counter row locked for the transaction."""
    return format_index_number(agency.code, year, take_next(IndexCounter, agency=agency, year=year))


# -- drafting ----------------------------------------------------------------------------------


def _clean(agency: Agency, values: dict) -> dict:
    errors: dict[str, str] = {}
    if "body" in values:
        values["body"] = sanitize_html(values["body"])
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors["title"] = "请填写标题"
    if "item" in values and values["item"] not in items_for_level(agency.level):
        errors["item"] = (
            "公开事项不适用于本机关" if values["item"] in ALL_ITEMS else "请选择条例第二十条或第二十一条所列事项"
        )
    if (
        values.get("disclosure") in {Disclosure.ON_REQUEST, Disclosure.WITHHELD}
        and not (values.get("disclosure_reason") or "").strip()
    ):
        errors["disclosure_reason"] = "依申请公开或不予公开的，应说明理由"
    if values.get("validity") in {Validity.EXPIRED, Validity.REPEALED} and not values.get("validity_changed_on"):
        errors["validity_changed_on"] = "失效或废止的，应填写变更日期"
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def draft_document(
    *,
    actor,
    agency: Agency,
    title: str,
    item: str,
    issuing_body: str = "",
    department: Department | None = None,
    interprets: Document | None = None,
    **fields,
) -> Document:
    """A contributor starts a document; its 索引号 is given now and never changes."""
    _acting(actor, agency, DRAFTERS)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": "只能选择本机关的科室"})
    if interprets is not None:
        if interprets.agency_id != agency.pk:
            raise ValidationError({"interprets": "只能解读本机关的文件"})
        fields["kind"] = Kind.INTERPRETATION
    elif fields.get("kind") == Kind.INTERPRETATION:
        raise ValidationError({"interprets": "政策解读应关联所解读的文件"})
    values = _clean(agency, {"title": title, "item": item, **fields})
    if values.get("kind") in {Kind.RULE, Kind.NORMATIVE} and not values.get("validity"):
        values["validity"] = Validity.VALID
    document = Document.objects.create(
        agency=agency,
        department=department,
        author=actor,
        index_number=allocate_index_number(agency, _today().year),
        issuing_body=issuing_body or agency.name,
        interprets=interprets,
        **values,
    )
    _version(document, actor, "起草")
    _event(document, "catalog.drafted", f"起草《{document.title}》", actor)
    schedule_link_check(document)
    return document


@transaction.atomic
def update_document(*, actor, document: Document, reason: str = "", **fields) -> Document:
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "edit")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    current = {name: getattr(document, name) for name in EDITABLE_FIELDS}
    if "kind" in fields and (fields["kind"] == Kind.INTERPRETATION) != (document.kind == Kind.INTERPRETATION):
        raise ValidationError({"kind": "政策解读与其他文件类型不能互相转换，请重新起草"})
    values = _clean(document.agency, {**current, **fields})
    changed = [name for name in EDITABLE_FIELDS if values[name] != current[name]]
    if not changed:
        return document
    for name in changed:
        setattr(document, name, values[name])
    document.save(update_fields=[*changed, "updated_at"])
    _version(document, actor, reason or "修改")
    _event(document, "catalog.edited", "修改" + "、".join(changed), actor, fields=changed, reason=reason)
    schedule_link_check(document)
    return document


@transaction.atomic
def mask_personal_data(*, actor, document: Document) -> Document:
    """One-click masking of ID, mobile and card numbers in the title, summary and body."""
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "edit")
    counts = {}
    for name in ("title", "summary", "body"):
        text = getattr(document, name)
        hits = scan_personal_data(text)
        if hits:
            setattr(document, name, mask_text(text, hits))
            counts[name] = len(hits)
    if not counts:
        return document
    document.save(update_fields=[*counts, "updated_at"])
    _version(document, actor, "屏蔽个人信息")
    _event(document, "catalog.masked", f"屏蔽个人信息 {sum(counts.values())} 处", actor, counts=counts)
    return document


# -- review ------------------------------------------------------------------------------------


def _move(document: Document, status: str, actor, code: str, summary: str, *, extra=(), **data) -> Document:
    document.status = status
    document.save(update_fields=["status", *extra, "updated_at"])
    _version(document, actor, summary)
    _event(document, code, summary, actor, **data)
    return document


@transaction.atomic
def submit_document(*, actor, document: Document) -> Document:
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "submit")
    document.rejection_reason = ""
    schedule_link_check(document)  # fresh results for the reviewers
    return _move(document, Status.SUBMITTED, actor, "catalog.submitted", "提交科室审核", extra=["rejection_reason"])


@transaction.atomic
def approve_by_department(*, actor, document: Document, opinion: str = "") -> Document:
    _acting(actor, document.agency, STEP_ROLES["approve"])
    document = _lock(document)
    _guard(document, "approve")
    if (
        document.department_id
        and not Membership.objects.filter(
            Q(department=None) | Q(department=document.department_id),
            user=actor,
            agency=document.agency,
            role=Role.DEPARTMENT_HEAD,
        ).exists()
    ):
        raise PermissionDenied(f"只有{document.department.name}的科室负责人可以审核此文件")
    return _move(document, Status.DEPT_APPROVED, actor, "catalog.dept_approved", "科室负责人审核通过", opinion=opinion)


@transaction.atomic
def record_secrecy_review(*, actor, document: Document, opinion: str) -> Document:
    """保密审查: the reviewer's opinion is recorded on the document and in the audit log."""
    _acting(actor, document.agency, STEP_ROLES["secrecy_review"])
    document = _lock(document)
    _guard(document, "secrecy_review")
    if not (opinion or "").strip():
        raise ValidationError({"opinion": "请填写保密审查意见"})
    document.secrecy_opinion = opinion.strip()
    return _move(
        document,
        Status.SECRECY_REVIEWED,
        actor,
        "catalog.secrecy_reviewed",
        "保密审查通过",
        extra=["secrecy_opinion"],
        opinion=document.secrecy_opinion,
    )


@transaction.atomic
def sign_off(*, actor, document: Document) -> Document:
    _acting(actor, document.agency, STEP_ROLES["sign_off"])
    document = _lock(document)
    _guard(document, "sign_off")
    return _move(document, Status.SIGNED, actor, "catalog.signed", "领导签发")


@transaction.atomic
def reject_document(*, actor, document: Document, reason: str) -> Document:
    """Back to the author as a draft, with the reasons."""
    _acting(actor, document.agency, STEP_ROLES["reject"])
    document = _lock(document)
    _guard(document, "reject")
    if not (reason or "").strip():
        raise ValidationError({"reason": "退回时应说明理由"})
    previous = document.get_status_display()
    document.rejection_reason = reason.strip()
    document.scheduled_at = None
    return _move(
        document,
        Status.DRAFT,
        actor,
        "catalog.rejected",
        f"退回修改（原状态：{previous}）：{document.rejection_reason}",
        extra=["rejection_reason", "scheduled_at"],
        reason=document.rejection_reason,
        previous=previous,
    )


# -- publishing --------------------------------------------------------------------------------


def _current_calendar() -> WorkCalendar:
    from gongkai.deadlines.calendars import current_calendar

    return current_calendar()


def _publish_one(document: Document, actor, on: dt.date, *, calendar: WorkCalendar, override_reason: str, label=""):
    problems = pre_publication_checks(document, published_on=on, calendar=calendar)
    errors = [p for p in problems if p.severity == ERROR]
    warnings = [p for p in problems if p.severity == WARNING]
    if errors:
        raise PublicationBlocked(errors, f"《{document.title}》未通过发布前检查，不能发布")
    if warnings and not (override_reason or "").strip():
        raise PublicationBlocked(warnings, f"《{document.title}》有需要确认的提示，请核对后填写继续发布的理由")
    document.status, document.published_on, document.scheduled_at = Status.PUBLISHED, on, None
    document.save(update_fields=["status", "published_on", "scheduled_at", "updated_at"])
    # robust: a failed index write is logged and never fails a committed publication (rebuild mends it).
    transaction.on_commit(lambda: index_document(document), robust=True)
    _version(document, actor, "发布")
    _event(
        document,
        "catalog.published",
        f"发布《{document.title}》" + ("（已确认提示后发布）" if warnings else ""),
        actor,
        actor_label=label,
        published_on=on,
        warnings=[p.as_dict() for p in warnings],
        override_reason=override_reason.strip() if warnings else "",
    )
    if warnings:
        _event(
            document,
            "catalog.check_overridden",
            f"确认发布前检查提示 {len(warnings)} 项：{override_reason.strip()}",
            actor,
            actor_label=label,
            warnings=[p.as_dict() for p in warnings],
            reason=override_reason.strip(),
        )


def _publish_with_interpretations(document, actor, on, *, calendar, override_reason, label=""):
    companions = []
    if document.kind != Kind.INTERPRETATION:
        companions = list(
            Document.objects.select_for_update()
            .filter(interprets=document)
            .exclude(status__in=[Status.PUBLISHED, Status.UNPUBLISHED, Status.REPEALED])
        )
        unsigned = [c for c in companions if c.status not in {Status.SIGNED, Status.SCHEDULED}]
        if unsigned:
            raise PublicationBlocked(
                [Problem(ERROR, "interpretations", f"政策解读《{c.title}》尚未签发") for c in unsigned],
                "政策解读应与文件同步发布，请先完成解读的审核签发",
            )
    _publish_one(document, actor, on, calendar=calendar, override_reason=override_reason, label=label)
    for companion in companions:
        _publish_one(companion, actor, on, calendar=calendar, override_reason=override_reason, label=label)


@transaction.atomic
def publish_document(
    *,
    actor,
    document: Document,
    scheduled_at: dt.datetime | None = None,
    override_reason: str = "",
    calendar: WorkCalendar | None = None,
) -> Document:
    """Publish a signed document now (with its signed 政策解读), or schedule it.

    Checks run now for both; a scheduled document is checked again when it is released.
    """
    _acting(actor, document.agency, STEP_ROLES["publish"])
    document = _lock(document)
    _guard(document, "publish")
    calendar = calendar or _current_calendar()
    if document.kind == Kind.INTERPRETATION and document.interprets.status != Status.PUBLISHED:
        raise PublicationBlocked(
            [Problem(ERROR, "interprets", "政策解读应随所解读的文件一同发布")], "请发布所解读的文件，解读将随之发布"
        )
    if scheduled_at is not None and scheduled_at > timezone.now():
        on = timezone.localdate(scheduled_at)
        problems = pre_publication_checks(document, published_on=on, calendar=calendar)
        errors = [p for p in problems if p.severity == ERROR]
        warnings = [p for p in problems if p.severity == WARNING]
        if errors:
            raise PublicationBlocked(errors, f"《{document.title}》未通过发布前检查，不能定时发布")
        if warnings and not override_reason.strip():
            raise PublicationBlocked(warnings, "有需要确认的提示，请核对后填写继续发布的理由")
        document.scheduled_at = scheduled_at
        return _move(
            document,
            Status.SCHEDULED,
            actor,
            "catalog.scheduled",
            f"定时于 {timezone.localtime(scheduled_at):%Y-%m-%d %H:%M} 发布",
            extra=["scheduled_at"],
            scheduled_at=scheduled_at.isoformat(),
            override_reason=override_reason.strip(),
            warnings=[p.as_dict() for p in warnings],
        )
    _publish_with_interpretations(document, actor, _today(), calendar=calendar, override_reason=override_reason)
    return document


@transaction.atomic
def release_scheduled(*, now: dt.datetime | None = None, calendar: WorkCalendar | None = None) -> list[Document]:
    """Publish every scheduled document whose time has come (run by the scheduler)."""
    now = now or timezone.now()
    calendar = calendar or _current_calendar()
    released = []
    for document in Document.objects.select_for_update().filter(status=Status.SCHEDULED, scheduled_at__lte=now):
        reason = "定时发布（提示已在安排发布时确认）"
        try:
            with transaction.atomic():
                _publish_with_interpretations(
                    document,
                    None,
                    timezone.localdate(now),
                    calendar=calendar,
                    override_reason=reason,
                    label="定时发布",
                )
        except PublicationBlocked as blocked:
            _event(
                document,
                "catalog.release_blocked",
                "定时发布未通过检查：" + "；".join(p.message for p in blocked.problems),
                None,
                actor_label="定时发布",
            )
            continue
        released.append(document)
    return released


@transaction.atomic
def unpublish_document(*, actor, document: Document, reason: str, on: dt.date | None = None) -> Document:
    _acting(actor, document.agency, STEP_ROLES["unpublish"])
    document = _lock(document)
    _guard(document, "unpublish")
    if not (reason or "").strip():
        raise ValidationError({"reason": "撤下时应说明理由"})
    document.unpublished_on = on or _today()
    transaction.on_commit(lambda: unindex_document(document), robust=True)
    return _move(
        document,
        Status.UNPUBLISHED,
        actor,
        "catalog.unpublished",
        f"撤下：{reason.strip()}",
        extra=["unpublished_on"],
        reason=reason.strip(),
        on=document.unpublished_on,
    )


@transaction.atomic
def repeal_document(*, actor, document: Document, on: dt.date, reason: str) -> Document:
    """废止 a published 规章 or 规范性文件: it stays public, marked 废止 from ``on``."""
    _acting(actor, document.agency, STEP_ROLES["repeal"])
    document = _lock(document)
    _guard(document, "repeal")
    if not document.needs_validity:
        raise DocumentStateError("只有规章和行政规范性文件可以废止")
    if not (reason or "").strip():
        raise ValidationError({"reason": "废止时应说明理由"})
    if document.published_on and on < document.published_on:
        raise ValidationError({"on": "废止日期不能早于发布日期"})
    document.repealed_on = document.validity_changed_on = on
    document.validity = Validity.REPEALED
    transaction.on_commit(lambda: index_document(document), robust=True)  # still public, marked 废止
    return _move(
        document,
        Status.REPEALED,
        actor,
        "catalog.repealed",
        f"废止（{on.isoformat()}）：{reason.strip()}",
        extra=["repealed_on", "validity_changed_on", "validity"],
        reason=reason.strip(),
        on=on,
    )


# -- the agency's own word lists ---------------------------------------------------------------


@transaction.atomic
def add_check_word(*, actor, agency: Agency, kind: str, word: str, correction: str = "") -> CheckWord:
    """Add a sensitive word or a miswriting (with its correction) to the agency's own list."""
    _acting(actor, agency, {Role.OFFICE_HEAD, Role.ADMINISTRATOR})
    word, correction = (word or "").strip(), (correction or "").strip()
    if not word:
        raise ValidationError({"word": "请填写词语"})
    if kind == CheckWord.Kind.MISWRITING and not correction:
        raise ValidationError({"correction": "易错词应填写正确写法"})
    entry, _ = CheckWord.objects.update_or_create(
        agency=agency, kind=kind, word=word, defaults={"correction": correction}
    )
    record_event(
        code="catalog.word_added",
        summary=f"{entry.get_kind_display()}表新增“{word}”" + (f"（应为“{correction}”）" if correction else ""),
        actor=actor,
        agency=agency,
        target=entry,
        data={"kind": kind, "word": word, "correction": correction},
    )
    return entry


@transaction.atomic
def remove_check_word(*, actor, entry: CheckWord) -> None:
    _acting(actor, entry.agency, {Role.OFFICE_HEAD, Role.ADMINISTRATOR})
    record_event(
        code="catalog.word_removed",
        summary=f"{entry.get_kind_display()}表删除“{entry.word}”",
        actor=actor,
        agency=entry.agency,
        data={"kind": entry.kind, "word": entry.word},
    )
    entry.delete()
