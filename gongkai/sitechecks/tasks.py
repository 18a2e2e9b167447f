"""Background tasks, run by `gongkai db_worker`; `gongkai crontask` enqueues the periodic ones."""

from crontask import cron
from django.tasks import task
from django.utils import timezone

from .services import run_quarterly_sitechecks


@cron("30 2 1 1,4,7,10 *")  # the first day of each quarter: checks the quarter just ended
@task
def check_sites_quarterly() -> int:
    return run_quarterly_sitechecks(on=timezone.localdate())
