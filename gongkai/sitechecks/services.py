"""Running a site self-check: gather the portal's state, judge it, keep the result, log it.

立即自查 starts a ``SiteCheckRun`` that a background task carries out (``start_sitecheck`` →
``tasks.run_started_sitecheck`` → ``carry_out_run``), saving its progress as it goes; the
quarterly task and the command line run ``run_sitecheck`` directly. Staff record 整改情况 per
finding with ``record_rectification``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Role
from gongkai.statute.sitecheck import evaluate

from .gathering import Progress, gather_site_state
from .models import Rectification, SiteCheck, SiteCheckRun

logger = logging.getLogger(__name__)

# Who may start a check from the staff pages; supervisors read the results of their subtree.
RUN_ROLES = frozenset({Role.OFFICE_HEAD, Role.CLERK})


RUNNING = "自查正在进行中，请等本次自查完成后再发起"
# The progress page polls every 2 s; saving more often than this would only load the database.
PROGRESS_EVERY_SECONDS = 0.5


def _may_run(actor, agency: Agency) -> None:
    if not roles_in(actor, agency) & RUN_ROLES:
        raise PermissionDenied("只有本机关的公开办负责人或经办人可以发起网站自查")
    if not agency.is_active:
        raise ValidationError(f"{agency.name}已停用，不能自查")


def run_sitecheck(
    *, agency: Agency, on: dt.date, actor=None, actor_label: str = "", progress: Progress | None = None
) -> SiteCheck:
    """Check ``agency``'s portal as of ``on`` and store the findings.

    ``actor`` is the staff member who pressed 立即自查; without one, ``actor_label`` names the
    source (the quarterly task, the command line). ``progress`` hears of each page crawled.
    """
    if actor is not None:
        _may_run(actor, agency)
    if not agency.is_active:
        raise ValidationError(f"{agency.name}已停用，不能自查")
    if on > timezone.localdate():
        raise ValidationError("检查日期不能晚于今天")
    # The crawl requests pages through the whole stack; it stays outside the transaction.
    state = gather_site_state(agency=agency, on=on, progress=progress)
    if progress is not None:
        progress(SiteCheckRun.Stage.JUDGING, state.pages_crawled, state.pages_crawled)
    result = evaluate(state, calendar=current_calendar())
    data = result.to_json()
    with transaction.atomic():
        check = SiteCheck.objects.create(
            agency=agency,
            period_start=state.period_start,
            period_end=state.period_end,
            checked_on=on,
            run_by=actor,
            verdict=SiteCheck.Verdict.PASSED if result.passed else SiteCheck.Verdict.FAILED,
            findings=data["findings"],
            summary={
                "figures": data["figures"],
                "columns": data["columns"],
                "veto_reasons": data["veto_reasons"],
                "directory": data["directory"],
            },
        )
        record_event(
            code="sitecheck.run",
            summary=f"{check.title}：{result.verdict}",
            actor=actor,
            actor_label=actor_label or ("" if actor is not None else "网站自查"),
            agency=agency,
            target=check,
            data={"verdict": check.verdict, "vetoes": len(result.veto_reasons), "findings": len(result.findings)},
        )
    return check


def run_quarterly_sitechecks(*, on: dt.date) -> int:
    """Check every active agency (the scheduled run on a quarter's first day); returns how many ran."""
    done = 0
    for agency in Agency.objects.filter(is_active=True).order_by("path"):
        try:
            run_sitecheck(agency=agency, on=on, actor_label="定时任务（季度网站自查）")
        except Exception:  # one agency's broken page must not stop the others' checks
            logger.exception("site check of %s failed", agency.code)
        else:
            done += 1
    return done


# -- 立即自查 in the background ------------------------------------------------------------------


def running_check(agency: Agency) -> SiteCheckRun | None:
    """The agency's unfinished run, if one is still making progress."""
    run = SiteCheckRun.objects.filter(agency=agency, finished_at__isnull=True).first()
    if run is None or _stalled(run):
        return None
    return run


def _stalled(run: SiteCheckRun) -> bool:
    return run.updated_at < timezone.now() - dt.timedelta(minutes=SiteCheckRun.STALL_MINUTES)


def start_sitecheck(*, agency: Agency, actor) -> SiteCheckRun:
    """Start a self-check of ``agency`` as of today in the background; refused while one is running."""
    _may_run(actor, agency)
    with transaction.atomic():
        unfinished = SiteCheckRun.objects.select_for_update().filter(agency=agency, finished_at__isnull=True).first()
        if unfinished is not None:
            if not _stalled(unfinished):
                raise ValidationError(RUNNING)
            # A worker that died mid-run leaves its run open for ever; let it go so a new one can start.
            unfinished.finished_at = timezone.now()
            unfinished.stage = SiteCheckRun.Stage.FAILED
            unfinished.error = f"超过{SiteCheckRun.STALL_MINUTES}分钟没有进展，已中止"
            unfinished.save(update_fields=["finished_at", "stage", "error"])
        try:
            with transaction.atomic():
                run = SiteCheckRun.objects.create(agency=agency, started_by=actor, checked_on=timezone.localdate())
        except IntegrityError:  # another click won the race between the check above and this insert
            raise ValidationError(RUNNING) from None
        record_event(
            code="sitecheck.started",
            summary=f"发起网站自查（检查日{run.checked_on:%Y年%m月%d日}）",
            actor=actor,
            agency=agency,
            target=run,
        )
        from .tasks import run_started_sitecheck  # tasks imports this module

        transaction.on_commit(lambda: run_started_sitecheck.enqueue(run.pk))
    return run


def _saver(run_id: int) -> Progress:
    """Save progress now and then (and at every change of stage): the page polls it."""
    last = {"stage": "", "at": 0.0}

    def save(stage: str, done: int, found: int) -> None:
        now = time.monotonic()
        if stage == last["stage"] and now - last["at"] < PROGRESS_EVERY_SECONDS:
            return
        last.update(stage=stage, at=now)
        SiteCheckRun.objects.filter(pk=run_id, finished_at__isnull=True).update(
            stage=stage, pages_done=min(done, found), pages_found=found, updated_at=timezone.now()
        )

    return save


def carry_out_run(run_id: int) -> SiteCheckRun | None:
    """Do the started run (the task's body); the run ends done with its check, or failed with why."""
    run = SiteCheckRun.objects.select_related("agency", "started_by").filter(pk=run_id).first()
    if run is None or run.finished:
        return run
    try:
        check = run_sitecheck(agency=run.agency, on=run.checked_on, actor=run.started_by, progress=_saver(run.pk))
    except (ValidationError, PermissionDenied) as e:
        error = "；".join(e.messages) if isinstance(e, ValidationError) else str(e)
        check = None
    except Exception:  # the page must say it stopped, not spin for ever
        logger.exception("site check run %s failed", run_id)
        error, check = "自查过程中出错，请稍后重试；如反复出错请联系系统管理员", None
    else:
        error = ""
    run.refresh_from_db()
    run.finished_at = timezone.now()
    run.result = check
    run.error = error[:300]
    run.stage = SiteCheckRun.Stage.DONE if check is not None else SiteCheckRun.Stage.FAILED
    if check is not None:
        run.pages_done = run.pages_found = max(
            run.pages_found, check.summary.get("figures", {}).get("pages_crawled", 0)
        )
    run.save(update_fields=["finished_at", "result", "error", "stage", "pages_done", "pages_found"])
    return run


# -- 整改情况 -----------------------------------------------------------------------------------


@transaction.atomic
def record_rectification(
    *,
    actor,
    check: SiteCheck,
    finding: str,
    measure: str = "",
    responsible: str = "",
    due_on: dt.date | None = None,
    done_on: dt.date | None = None,
) -> Rectification:
    """Record (or change) how one finding of ``check`` is being put right."""
    if not roles_in(actor, check.agency) & RUN_ROLES:
        raise PermissionDenied("只有本机关的公开办负责人或经办人可以填写整改情况")
    if finding not in {f["code"] for f in check.rectifiable_findings}:
        raise ValidationError("本次自查没有这个问题")
    measure, responsible = (measure or "").strip(), (responsible or "").strip()
    if not (measure or responsible or due_on or done_on):
        raise ValidationError("请至少填写整改措施、责任人、完成时限或完成日期中的一项")
    errors = {}
    if due_on is not None and due_on < check.checked_on:
        errors["due_on"] = "完成时限不能早于检查日"
    if done_on is not None and done_on < check.checked_on:
        errors["done_on"] = "完成日期不能早于检查日"
    elif done_on is not None and done_on > timezone.localdate():
        errors["done_on"] = "完成日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    fields = {"measure": measure, "responsible": responsible, "due_on": due_on, "done_on": done_on}
    entry, created = Rectification.objects.update_or_create(
        site_check=check, finding=finding, defaults={**fields, "recorded_by": actor, "recorded_at": timezone.now()}
    )
    record_event(
        code="sitecheck.rectification_recorded",
        summary=f"{check.title}：{'填写' if created else '修改'}整改情况（{finding}）",
        actor=actor,
        agency=check.agency,
        target=check,
        data={"finding": finding, **{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}},
    )
    return entry
