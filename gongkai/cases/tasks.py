"""Background tasks, run by `gongkai db_worker`; `gongkai crontask` enqueues the periodic ones."""

from crontask import cron
from django.tasks import task

from .reminders import send_due_reminders
from .services.recalc import CATCH_UP_LABEL, recompute_provisional_dates


@cron("15 * * * *")  # hourly: a missed run is caught up by the next (reminders.py)
@task
def remind_due_dates() -> int:
    return send_due_reminders()


@cron("5 * * * *")  # hourly: catches a schedule load whose announcement was lost (decision 0016)
@task
def recompute_stale_provisional_dates() -> int:
    return recompute_provisional_dates(actor_label=CATCH_UP_LABEL).cases


@task
def send_case_notice(case_id: int, event: str, kind: str) -> str:
    """Issue a step's letter and e-mail it to the applicant (enqueued on commit by the step)."""
    from .services.notify import deliver_notice

    return deliver_notice(case_id, event, kind)
