"""Background tasks, run by `gongkai db_worker`; `gongkai crontask` enqueues the periodic ones."""

from crontask import cron
from django.tasks import task

from .reminders import send_due_reminders


@cron("15 * * * *")  # hourly: a missed run is caught up by the next (reminders.py)
@task
def remind_due_dates() -> int:
    return send_due_reminders()
