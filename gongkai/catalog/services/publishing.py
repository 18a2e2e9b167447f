"""Publishing (now or scheduled, with 政策解读), unpublishing and repeal."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.statute.calendar import WorkCalendar

from ..checks import ERROR, WARNING, Problem, book_title, pre_publication_checks
from ..models import Document, Kind, ReviewOpinion, Status, Validity
from ..search import index_document, unindex_document
from ..tasks import schedule_review_notice
from .common import STEP_ROLES, DocumentStateError, PublicationBlocked, _acting, _event, _guard, _lock, _today
from .review import _move, record_opinion
from .steps import check_step
from .versions import _version


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
    record_opinion(
        document,
        "publish",
        actor,
        opinion=override_reason if warnings else "",
        outcome=ReviewOpinion.Outcome.PUBLISHED,
        label=label,
    )
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
            .exclude(status__in=[Status.PUBLISHED, Status.UNPUBLISHED, Status.REPEALED, Status.WITHDRAWN])
        )
        unsigned = [c for c in companions if c.status not in {Status.SIGNED, Status.SCHEDULED}]
        if unsigned:
            raise PublicationBlocked(
                [Problem(ERROR, "interpretations", f"政策解读{book_title(c.title)}尚未签发") for c in unsigned],
                "政策解读应与文件同步发布，请先完成解读的审核签发",
            )
    _publish_one(document, actor, on, calendar=calendar, override_reason=override_reason, label=label)
    for companion in companions:
        _publish_one(companion, actor, on, calendar=calendar, override_reason=override_reason, label=label)
    schedule_review_notice(document, "publish")


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
    document = _lock(document)
    check_step(document, "publish", actor=actor)
    calendar = calendar or _current_calendar()
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
        record_opinion(
            document,
            "schedule",
            actor,
            opinion=f"定时于 {timezone.localtime(scheduled_at):%Y-%m-%d %H:%M} 发布"
            + (f"；确认提示：{override_reason.strip()}" if warnings else ""),
            outcome=ReviewOpinion.Outcome.SCHEDULED,
        )
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
