"""Background tasks, run by `gongkai db_worker`; `gongkai crontask` enqueues the periodic ones."""

from crontask import cron
from django.tasks import task
from django.utils import timezone

from .services import carry_out_run, run_quarterly_sitechecks


@cron("30 2 1 1,4,7,10 *")  # the first day of each quarter: checks the quarter just ended
@task
def check_sites_quarterly() -> int:
    return run_quarterly_sitechecks(on=timezone.localdate())


@task
def run_started_sitecheck(run_id: int) -> str:
    """The 立即自查 of a staff member, saved as it goes so the page shows its progress."""
    run = carry_out_run(run_id)
    return run.get_stage_display() if run is not None else "没有找到该自查"
