"""Background link checks, run by `gongkai db_worker`; `gongkai crontask` enqueues the weekly re-check."""

from __future__ import annotations

from crontask import cron
from django.db import transaction
from django.db.models import Q
from django.tasks import task

from .directory_reminders import send_directory_reminders
from .links import check_document_links
from .models import Document
from .selectors import public_documents

# Documents that may have something to check: a link in the body, an attachment, or old results.
MAY_HAVE_LINKS = Q(body__icontains="href=") | Q(body__icontains="src=") | Q(attachments__isnull=False)


@task
def check_links(document_id: int) -> int:
    document = Document.objects.select_related("agency").filter(pk=document_id).first()
    if document is None:
        return 0
    return len(check_document_links(document))


@cron("40 2 * * Sun")  # Sunday night: published pages rot while nobody edits them (feeds the site self-check)
@task
def recheck_public_links() -> int:
    documents = public_documents().filter(MAY_HAVE_LINKS | Q(link_checks__isnull=False)).distinct()
    checked = 0
    for document in documents.select_related("agency").iterator():
        check_document_links(document)
        checked += 1
    return checked


def link_check_queued(document: Document) -> bool:
    """Whether a background check of the document's links is waiting or running (database queue only)."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return False
    if not isinstance(check_links.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=check_links.module_path, status__in=["READY", "RUNNING"], args_kwargs__args=[document.pk]
    ).exists()


def schedule_link_check(document: Document) -> None:
    """Check the document's links in the background once the current transaction commits."""
    if not Document.objects.filter(Q(pk=document.pk), MAY_HAVE_LINKS | Q(link_checks__isnull=False)).exists():
        return  # nothing to look at: do not fill the queue with empty jobs (the demo drafts hundreds)
    transaction.on_commit(lambda: check_links.enqueue(document.pk))


@cron("30 8 * * Mon-Fri")  # working-day mornings: overdue 标准目录 items to their departments (directory_reminders.py)
@task
def remind_directory_items() -> int:
    return send_directory_reminders()


@task
def send_review_notice(document_id: int, step: str) -> int:
    """E-mail who must act next (and the author, on return, sign-off and publication)."""
    from .notify import deliver_review_notice

    return deliver_review_notice(document_id, step)


def schedule_review_notice(document: Document, step: str) -> None:
    """Queue the notice of a review step once the step's transaction commits (a rollback sends nothing)."""
    transaction.on_commit(lambda: send_review_notice.enqueue(document.pk, step))
