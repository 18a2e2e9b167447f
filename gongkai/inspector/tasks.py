"""Starting and running an inspection batch: small batches in the request, larger ones as a task.

Each file is inspected in its own worker process (safety.py); the batch is saved item by item, so
the batch page shows progress while a task runs. Once a file is inspected its upload is dropped:
the result is what is kept.
"""

from __future__ import annotations

import logging
import os

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from .models import Batch, Item
from .safety import inspect_files

logger = logging.getLogger(__name__)

SYNC_MAX_FILES = 3  # more files than this run as a background task


def start_batch(*, owner, files: list[tuple[str, bytes]], skipped: list[str] | None = None) -> Batch:
    """Store the uploaded files as a batch and inspect them (now, or queued when there are many)."""
    with transaction.atomic():
        batch = Batch.objects.create(owner=owner, total=len(files), skipped=list(skipped or []))
        for position, (name, data) in enumerate(files):
            Item.objects.create(batch=batch, position=position, name=name[:255], size=len(data), content=data)
    if len(files) > SYNC_MAX_FILES:
        inspect_batch.enqueue(batch.pk)
    else:
        run_batch(batch.pk, jobs=1)
    batch.refresh_from_db()
    return batch


def _content(pk: int):
    def load() -> bytes:
        data = Item.objects.values_list("content", flat=True).get(pk=pk)
        return bytes(data) if data is not None else b""

    return load


def run_batch(batch_id: int, *, jobs: int = 1) -> None:
    """Inspect the batch's files not yet inspected, saving each result as it comes."""
    batch = Batch.objects.filter(pk=batch_id).first()
    if batch is None or batch.finished:
        return
    Batch.objects.filter(pk=batch_id).update(status=Batch.Status.RUNNING)
    items = list(batch.items.filter(result__isnull=True).only("pk", "name", "position"))

    def saved(index: int, result: dict) -> None:
        with transaction.atomic():
            Item.objects.filter(pk=items[index].pk).update(result=result, content=None)
            Batch.objects.filter(pk=batch_id).update(done=F("done") + 1)

    try:
        results = inspect_files([(_content(item.pk), item.name) for item in items], jobs=jobs, on_result=saved)
        # The cross-year pass at the end may have added findings (same agency, consecutive years).
        for item, result in zip(items, results, strict=True):
            Item.objects.filter(pk=item.pk).update(result=result)
    except Exception:
        logger.exception("inspection batch %s failed", batch_id)
        Batch.objects.filter(pk=batch_id).update(status=Batch.Status.FAILED, finished_at=timezone.now())
        raise
    Batch.objects.filter(pk=batch_id).update(status=Batch.Status.DONE, finished_at=timezone.now(), done=F("total"))


@task
def inspect_batch(batch_id: int) -> None:
    run_batch(batch_id, jobs=max(1, min(2, os.cpu_count() or 1)))
