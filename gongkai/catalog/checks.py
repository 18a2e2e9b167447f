"""Pre-publication checks: errors block publishing, warnings need an override reason that is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from gongkai.statute.calendar import WorkCalendar
from gongkai.statute.catalog import check_dates, check_document_number, check_timeliness
from gongkai.statute.detectors import MISWRITINGS, SENSITIVE_WORDS, mask_text, scan_personal_data, scan_words

from .links import ERR_DNS, NOT_FOUND, document_links
from .models import CheckWord, Document, Kind, Status
from .readers import read_attachment
from .sanitize import html_to_text

ERROR, WARNING = "error", "warning"
FIELD_LABELS = {"title": "标题", "summary": "内容概述", "body": "正文"}


@dataclass(frozen=True)
class Problem:
    severity: str
    field: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def book_title(title: str) -> str:
    """A title as a message names it: in 《》, or in “” when it already carries 《》 (“《…》政策解读”)."""
    return f"“{title}”" if "《" in title or "》" in title else f"《{title}》"


def _texts(document: Document) -> dict[str, str]:
    return {"title": document.title, "summary": document.summary, "body": html_to_text(document.body)}


def word_lists(document: Document) -> tuple[list[str], list[tuple[str, str, str]]]:
    sensitive = list(SENSITIVE_WORDS)
    miswritings = list(MISWRITINGS)
    for kind, word, correction in CheckWord.objects.filter(agency=document.agency_id).values_list(
        "kind", "word", "correction"
    ):
        if kind == CheckWord.Kind.SENSITIVE:
            sensitive.append(word)
        else:
            miswritings.append((word, correction or "（请核对）", ""))
    return sensitive, miswritings


def pre_publication_checks(document: Document, *, published_on: dt.date, calendar: WorkCalendar) -> list[Problem]:
    problems: list[Problem] = []
    sensitive, miswritings = word_lists(document)
    for field, text in _texts(document).items():
        label = FIELD_LABELS[field]
        for hit in scan_personal_data(text):
            severity = ERROR if hit.severity == "error" else WARNING
            problems.append(Problem(severity, field, f"{label}含有{hit.label}：{hit.masked}"))
        for hit in scan_words(text, sensitive=sensitive, miswritings=miswritings):
            problems.append(Problem(WARNING, field, f"{label}{hit.message}"))
    for message in check_document_number(document.document_number, written_on=document.written_on, today=published_on):
        problems.append(Problem(ERROR, "document_number", message))
    for message in check_dates(written_on=document.written_on, published_on=published_on):
        problems.append(Problem(ERROR, "published_on", message))
    if document.needs_validity and not document.validity:
        problems.append(Problem(ERROR, "validity", f"{document.get_kind_display()}应标注有效性"))
    if document.needs_validity and not document.written_on:
        problems.append(Problem(ERROR, "written_on", f"{document.get_kind_display()}应填写成文日期"))
    if (
        document.kind == Kind.NORMATIVE
        and not document.interpretations.exclude(
            status__in=[Status.UNPUBLISHED, Status.REPEALED, Status.WITHDRAWN]
        ).exists()
    ):
        problems.append(Problem(ERROR, "interpretations", "行政规范性文件应与其政策解读同步发布，尚未关联政策解读"))
    if document.kind == Kind.INTERPRETATION and document.interprets.status != Status.PUBLISHED:
        problems.append(Problem(ERROR, "interprets", "政策解读应随所解读的文件一同发布"))
    problems += interpretation_problems(document)
    if document.written_on and published_on > document.written_on:
        timeliness = check_timeliness(written_on=document.written_on, published_on=published_on, calendar=calendar)
        if timeliness.late:
            problems.append(Problem(WARNING, "published_on", timeliness.message))
    return problems + attachment_problems(document) + link_problems(document)


# The review chain in order; a 政策解读 in the same state as its document moves with it.
REVIEW_CHAIN = (Status.DRAFT, Status.SUBMITTED, Status.DEPT_APPROVED, Status.SECRECY_REVIEWED, Status.SIGNED)
_READY = (Status.SIGNED, Status.SCHEDULED)
_GONE = (Status.PUBLISHED, Status.UNPUBLISHED, Status.REPEALED, Status.WITHDRAWN)


def review_rank(status: str) -> int:
    """Where a state lies on the review chain (scheduled counts as signed)."""
    status = Status.SIGNED if status == Status.SCHEDULED else status
    return REVIEW_CHAIN.index(status) if status in REVIEW_CHAIN else len(REVIEW_CHAIN)


def interpretation_problems(document: Document) -> list[Problem]:
    """An interpretation that will not be signed when the document is: publishing would fail on it."""
    if document.kind == Kind.INTERPRETATION or document.pk is None:
        return []
    problems = []
    for reading in document.interpretations.exclude(status__in=_GONE).order_by("pk"):
        if reading.status in _READY:
            continue
        # Not behind the document and the document not yet signed: it moves with it or on its own.
        if document.status not in _READY and review_rank(reading.status) >= review_rank(document.status):
            continue
        problems.append(
            Problem(
                ERROR,
                "interpretations",
                f"政策解读{book_title(reading.title)}尚未签发（{reading.get_status_display()}），"
                "应与文件同步审核、一同发布",
            )
        )
    return problems


def attachment_problems(document: Document) -> list[Problem]:
    """Personal data in attachments (their names and, for PDF/.docx/.xlsx, their text) blocks as in the body."""
    problems: list[Problem] = []
    for attachment in document.attachments.all():
        in_name = scan_personal_data(attachment.name)
        label = f"附件《{mask_text(attachment.name, in_name)}》"  # the message must not repeat the number
        reading = read_attachment(attachment)
        hits = [(h.label, h.masked, h.severity) for h in in_name]
        hits += [(h.label, h.masked, h.severity) for h in (reading.personal_data if reading else [])]
        for kind, masked, severity in hits:
            level = ERROR if severity == "error" else WARNING
            problems.append(Problem(level, "attachments", f"{label}含有{kind}：{masked}"))
        if reading and reading.unreadable:
            problems.append(
                Problem(WARNING, "attachments", f"{label}{reading.unreadable}，未能完整检查个人信息，请人工核对")
            )
    return problems


def link_problems(document: Document) -> list[Problem]:
    """A link that is gone (404/410) or whose host does not exist blocks; anything unsure is a warning.

    The links are found afresh, so a link added since the last background check counts as unchecked.
    """
    rows = {row.url: row for row in document.link_checks.all()}
    problems: list[Problem] = []
    unchecked: list[str] = []
    for url in document_links(document):
        row = rows.get(url)
        if row is None or row.ok is None:
            unchecked.append(url + (f"（{row.error}）" if row is not None and row.error else ""))
        elif not row.ok:
            gone = row.status_code in NOT_FOUND or row.error == ERR_DNS
            reason = row.error or f"HTTP {row.status_code}"
            message = f"链接{'已失效' if gone else '可能无法访问'}（{reason}）：{url}"
            problems.append(Problem(ERROR if gone else WARNING, "links", message))
    if unchecked:
        problems.append(Problem(WARNING, "links", f"{len(unchecked)} 个链接尚未检查：" + "、".join(unchecked[:5])))
    return problems
