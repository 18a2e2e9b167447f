from crontask import cron
from django.tasks import task

from .reminders import send_report_reminders


@cron("30 8 * * *")  # daily; a missed day is caught up because stages are recomputed
@task
def remind_report_deadlines() -> int:
    return send_report_reminders()
