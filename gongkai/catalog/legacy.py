"""Importing an agency's earlier catalogue from another CMS, as published history (issue #11 part 6).

The table and the attachment zip are read in an isolated worker (``legacy_read``); here their
strings are checked row by row and, only when every row is right, saved in one transaction:
published with their own 索引号 and dates, not reviewed again, marked 历史导入 with the batch
(LegacyImport), versioned, audited and indexed for search. The agency's IndexCounter is moved past
every imported number in Gongkai's own format, so a later draft never collides with one.
See docs/decisions/0026-legacy-import.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from gongkai.core.audit import record_event
from gongkai.core.isolation import IsolationError, Limits, run_isolated
from gongkai.organizations.models import Agency, Role
from gongkai.statute.catalog import INDEX_NUMBER

from . import legacy_read as read
from .legacy_check import Checked, RowError, check_catalogue
from .models import Attachment, Document, DocumentVersion, IndexCounter, Kind, LegacyImport, Source, Status, Validity
from .search import index_new_documents
from .services import _acting, _event, snapshot

__all__ = ["IMPORTERS", "Checked", "LegacyImportRefused", "RowError", "import_file", "import_legacy", "read_bundle"]

IMPORTERS = {Role.OFFICE_HEAD, Role.ADMINISTRATOR}
MB = 1024 * 1024
MAX_TABLE_BYTES = 50 * MB
MAX_ZIP_BYTES = 300 * MB  # a larger history comes in batches, or from a folder on the command line
MAX_ATTACHMENT_BYTES = 600 * MB


class LegacyImportRefused(ValidationError):
    """Nothing was imported; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__([f"目录中有{len(errors)}处问题，未导入任何文件", *(str(e) for e in errors)])


# -- reading (in the isolated worker) ---------------------------------------------------------


TABLE_LIMITS = Limits(max_bytes=MAX_TABLE_BYTES, seconds=120, memory=1024 * MB)
ZIP_LIMITS = Limits(
    max_bytes=MAX_ZIP_BYTES, max_unzipped=MAX_ATTACHMENT_BYTES, max_members=20000, seconds=300, memory=2048 * MB
)


def read_bundle(
    table: bytes, table_name: str, *, zip_data: bytes | None = None, folder: Path | None = None
) -> tuple[dict, dict[str, bytes], list[RowError]]:
    """The parsed table, the attachment files its rows name, and file-level errors.

    Both files are read in an isolated worker (core.isolation), never in this process.
    """
    try:
        parsed = run_isolated(read.read_catalogue, table, table_name, limits=TABLE_LIMITS)
    except IsolationError as e:
        return {"rows": []}, {}, [RowError(None, "", f"目录文件：{e}")]
    errors = [RowError(None, "", m) for m in parsed.pop("errors", [])]
    wanted = sorted({n for row in parsed["rows"] for n in read.split_names(row["values"].get("attachments", ""))})
    files: dict[str, bytes] = {}
    if wanted and zip_data is not None:
        try:
            found = run_isolated(read.read_attachments_zip, zip_data, wanted, MAX_ATTACHMENT_BYTES, limits=ZIP_LIMITS)
        except IsolationError as e:
            found = {"errors": [str(e)], "files": {}}
        errors += [RowError(None, "附件", m) for m in found["errors"]]
        files = found["files"]
        parsed["ambiguous"] = found.get("ambiguous", [])
    elif wanted and folder is not None:
        files = files_from_folder(folder, wanted)
    return parsed, files, errors


def files_from_folder(folder: Path, wanted: list[str]) -> dict[str, bytes]:
    """The named files of a local folder (the command line's --attachments DIR), never outside it."""
    root = folder.resolve()
    files = {}
    by_base = {p.name: p for p in root.rglob("*") if p.is_file()} if root.is_dir() else {}
    for name in wanted:
        relative = read.safe_member_path(name)
        if relative is None:
            continue
        path = (root / relative).resolve()
        if not path.is_file():
            path = by_base.get(relative.rsplit("/", 1)[-1], path).resolve()
        if path.is_file() and path.is_relative_to(root):
            files[name] = path.read_bytes()
    return files


# -- importing --------------------------------------------------------------------------------------


def import_legacy(
    *,
    actor,
    agency: Agency,
    file_name: str,
    parsed: dict,
    files: Mapping[str, bytes],
    has_source: bool,
    attachments_name: str = "",
    file_errors: list[RowError] = (),
    dry_run: bool = False,
) -> Checked | LegacyImport:
    """Check the catalogue and import all of it as published history, or nothing (LegacyImportRefused).

    ``dry_run`` returns the check (counts or errors) and writes nothing.
    """
    _acting(actor, agency, IMPORTERS)
    checked = check_catalogue(agency=agency, parsed=parsed, files=files, has_source=has_source)
    checked.errors[:0] = list(file_errors)
    if not checked.errors and not checked.documents:
        checked.errors.append(RowError(None, "", "表格中没有文件"))
    if dry_run:
        return checked
    if checked.errors:
        raise LegacyImportRefused(checked.errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            batch = _save(actor, agency, checked, file_name, attachments_name, stored)
    except IntegrityError:  # a 索引号 taken by a draft started while this import ran
        _delete(stored)
        raise LegacyImportRefused([RowError(None, "索引号", "导入期间有索引号被占用，请重新导入")]) from None
    except BaseException:
        _delete(stored)
        raise
    return batch


def _delete(stored: list[str]) -> None:
    for name in stored:
        default_storage.delete(name)


def _save(actor, agency, checked: Checked, file_name: str, attachments_name: str, stored: list[str]) -> LegacyImport:
    dates = [d["values"]["published_on"] for d in checked.documents]
    batch = LegacyImport.objects.create(
        agency=agency,
        file_name=file_name[:200],
        attachments_name=attachments_name[:200],
        imported_by=actor,
        document_count=len(checked.documents),
        attachment_count=checked.attachment_count,
        first_published_on=min(dates),
        last_published_on=max(dates),
    )
    documents = []
    for entry in checked.documents:
        values = entry["values"]
        repealed = values["validity"] == Validity.REPEALED
        documents.append(
            Document(
                agency=agency,
                author=actor,
                index_number=entry["index_number"],
                status=Status.REPEALED if repealed else Status.PUBLISHED,
                repealed_on=values["validity_changed_on"] if repealed else None,
                source=Source.LEGACY,
                legacy_import=batch,
                **values,
            )
        )
    # Interpretations last: each must point at its document when inserted (a check constraint).
    Document.objects.bulk_create([d for d in documents if d.kind != Kind.INTERPRETATION], batch_size=500)
    by_number = {d.index_number: d for d in documents if d.pk}
    refs = [e["interprets"] for e in checked.documents if e["interprets"] and e["interprets"] not in by_number]
    by_number.update({d.index_number: d for d in Document.objects.filter(agency=agency, index_number__in=refs)})
    for document, entry in zip(documents, checked.documents, strict=True):
        if entry["interprets"]:
            document.interprets = by_number[entry["interprets"]]
    Document.objects.bulk_create([d for d in documents if d.kind == Kind.INTERPRETATION], batch_size=500)
    files = []
    for document, entry in zip(documents, checked.documents, strict=True):
        for position, (name, data, mime) in enumerate(entry["attachments"]):
            attachment = Attachment(
                document=document,
                name=name,
                content_type=mime,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                sort_order=position,
                uploaded_by=actor,
            )
            attachment.file.save(name, ContentFile(data), save=False)
            stored.append(attachment.file.name)
            files.append(attachment)
    Attachment.objects.bulk_create(files, batch_size=500)
    label = f"历史导入（{batch.file_name}）"
    names = {}
    for attachment in files:
        names.setdefault(attachment.document_id, []).append((attachment.name, attachment.sha256))
    versions = [
        DocumentVersion(document=d, number=1, actor=actor, change=label, snapshot=snapshot(d, names.get(d.pk, [])))
        for d in documents
    ]
    DocumentVersion.objects.bulk_create(versions, batch_size=500)
    for document, entry in zip(documents, checked.documents, strict=True):
        _event(
            document,
            "catalog.imported",
            f"{label}《{document.title}》，原发布日期{document.published_on:%Y-%m-%d}",
            actor,
            batch=batch.pk,
            row=entry["row"],
            published_on=document.published_on,
        )
    _bump_counters(agency, [d.index_number for d in documents])
    record_event(
        code="catalog.legacy_imported",
        summary=f"导入历史目录《{batch.file_name}》：{batch.document_count}件文件、{batch.attachment_count}个附件",
        actor=actor,
        agency=agency,
        target=batch,
        data={"documents": batch.document_count, "attachments": batch.attachment_count, "file": batch.file_name},
    )
    pks = [d.pk for d in documents]
    # robust: a failed index write never undoes the import; `gongkai search_index rebuild` mends it.
    transaction.on_commit(lambda: index_new_documents(pks), robust=True)
    return batch


def _bump_counters(agency: Agency, numbers: list[str]) -> None:
    """Move the agency's 索引号 counter past each imported number of its own code and format."""
    highest: dict[int, int] = {}
    for number in numbers:
        if INDEX_NUMBER.match(number) and number.split("/", 1)[0] == agency.code:
            year, n = (int(part) for part in number.split("/", 1)[1].split("-"))
            highest[year] = max(highest.get(year, 0), n)
    for year, n in highest.items():
        counter, _ = IndexCounter.objects.get_or_create(agency=agency, year=year)
        counter = IndexCounter.objects.select_for_update().get(pk=counter.pk)
        if counter.last < n:
            counter.last = n
            counter.save(update_fields=["last"])


def import_file(
    *,
    actor,
    agency: Agency,
    table: bytes,
    table_name: str,
    zip_data: bytes | None = None,
    zip_name: str = "",
    folder: Path | None = None,
    dry_run: bool = False,
) -> Checked | LegacyImport:
    """Read (isolated), check and import a catalogue file with its attachments: the CLI's and the page's path."""
    _acting(actor, agency, IMPORTERS)  # before any file is read
    parsed, files, file_errors = read_bundle(table, table_name, zip_data=zip_data, folder=folder)
    return import_legacy(
        actor=actor,
        agency=agency,
        file_name=table_name,
        parsed=parsed,
        files=files,
        has_source=zip_data is not None or folder is not None,
        attachments_name=zip_name or (str(folder) if folder else ""),
        file_errors=file_errors,
        dry_run=dry_run,
    )
