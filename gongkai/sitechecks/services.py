"""Running a site self-check: gather the portal's state, judge it, keep the result, log it."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Role
from gongkai.statute.sitecheck import evaluate

from .gathering import gather_site_state
from .models import SiteCheck

logger = logging.getLogger(__name__)

# Who may start a check from the staff pages; supervisors read the results of their subtree.
RUN_ROLES = frozenset({Role.OFFICE_HEAD, Role.CLERK})


def run_sitecheck(*, agency: Agency, on: dt.date, actor=None, actor_label: str = "") -> SiteCheck:
    """Check ``agency``'s portal as of ``on`` and store the findings.

    ``actor`` is the staff member who pressed 立即自查; without one, ``actor_label`` names the
    source (the quarterly task, the command line).
    """
    if actor is not None and not roles_in(actor, agency) & RUN_ROLES:
        raise PermissionDenied("只有本机关的公开办负责人或经办人可以发起网站自查")
    if not agency.is_active:
        raise ValidationError(f"{agency.name}已停用，不能自查")
    if on > timezone.localdate():
        raise ValidationError("检查日期不能晚于今天")
    # The crawl requests pages through the whole stack; it stays outside the transaction.
    state = gather_site_state(agency=agency, on=on)
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
            summary={"figures": data["figures"], "columns": data["columns"], "veto_reasons": data["veto_reasons"]},
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
