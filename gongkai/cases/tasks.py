"""Background tasks, run by `gongkai db_worker`; `gongkai crontask` enqueues the periodic ones."""

from crontask import cron
from django.tasks import task

from .reminders import send_due_reminders


@cron("15 * * * *")  # hourly: a missed run is caught up by the next (reminders.py)
@task
def remind_due_dates() -> int:
    return send_due_reminders()


@task
def send_case_notice(case_id: int, event: str, kind: str) -> str:
    """Issue a step's letter and e-mail it to the applicant (enqueued on commit by the step)."""
    from .services.notify import deliver_notice

    return deliver_notice(case_id, event, kind)
