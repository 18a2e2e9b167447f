"""Background tasks, run by `gongkai db_worker`; `gongkai crontask` enqueues the periodic ones."""

from crontask import cron
from django.tasks import task

from .services import refresh_provisional_dues


@cron("10 * * * *")  # hourly: catches a schedule load whose announcement was lost (decision 0016)
@task
def refresh_provisional_reply_dates() -> int:
    return refresh_provisional_dues()
