"""Background tasks, run by `gongkai db_worker`; `gongkai crontask` enqueues the periodic ones."""

from crontask import cron
from django.tasks import task

from .reminders import send_message_reminders


@cron("0 8 * * *")  # daily before office hours; a missed day is caught up by the next run
@task
def remind_message_due_dates() -> int:
    return send_message_reminders()
