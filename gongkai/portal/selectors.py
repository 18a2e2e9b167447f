"""Read models for the public pages. They carry only what the public may see."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from gongkai.cases.models import Case, Status
from gongkai.catalog.models import Document, Kind, Subject, Validity
from gongkai.catalog.selectors import no_information, public_documents
from gongkai.organizations.models import Agency
from gongkai.statute import filetypes
from gongkai.statute.catalog import ALL_ITEMS, items_for_level


def active_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("path")


@dataclass(frozen=True)
class PublicStatus:
    """A case as the status page shows it: dates and labels, never the applicant or the request.

    The template gets this object, not the case, so no later template edit can leak a name,
    an identity number or the description to whoever holds a number and a code.
    """

    number: str
    received_on: dt.date
    status_label: str
    due_on: dt.date
    due_provisional: bool
    due_explanation: str
    closed: bool
    replied_on: dt.date | None
    outcome_label: str


def public_status(case: Case) -> PublicStatus:
    closed = case.status == Status.CLOSED
    return PublicStatus(
        number=case.number,
        received_on=case.received_on,
        status_label=case.get_status_display(),
        due_on=case.due_on,
        due_provisional=case.due_provisional,
        # The explanation names dates, holidays and pauses (statute.clock.reply_due); for an
        # unloaded year it says the holidays by law were skipped and 调休 is unknown (decision 0016).
        due_explanation=case.due_explanation if case.due_provisional else "",
        closed=closed,
        replied_on=case.replied_on if closed else None,
        outcome_label=case.get_outcome_display() if closed else "",
    )


# -- the public catalogue ----------------------------------------------------------------------
# Everything below reads through catalog.selectors.public_documents, the one public door.
# Listings are cached under a key that carries the catalogue's version (catalogue_version), so a
# publish, an unpublish or a repeal shows on the next request with no hook in the catalogue's
# services; the timeout only bounds memory.

CACHE_SECONDS = 15 * 60
LATEST_PER_COLUMN = 6
CATALOGUE_PAGE_SIZE = 20
_VALIDITY_LABELS = dict(Validity.choices)
_OUT_OF_FORCE = frozenset({Validity.REPEALED, Validity.EXPIRED})


@dataclass(frozen=True)
class DocumentRow:
    """A line of a public listing: what a catalogue shows, nothing from the review workflow."""

    pk: int
    agency_code: str
    agency_name: str
    index_number: str
    title: str
    published_on: dt.date | None
    validity: str
    validity_changed_on: dt.date | None
    document_number: str = ""
    written_on: dt.date | None = None

    @property
    def validity_label(self) -> str:
        return _VALIDITY_LABELS.get(self.validity, "")

    @property
    def is_out_of_force(self) -> bool:
        return self.validity in _OUT_OF_FORCE


@dataclass(frozen=True)
class Column:
    """A block of the agency home: one Art. 20/21 item, or the 政策解读."""

    key: str
    label: str
    count: int
    rows: list[DocumentRow]


@dataclass(frozen=True)
class Facet:
    """One way into the catalogue (an item, a subject) and how many public documents it holds."""

    key: str
    label: str
    count: int
    # 本机关无此类信息: the reason, shown as 暂无 while the item has no public document.
    no_information: str = ""


@dataclass(frozen=True)
class Facets:
    items: list[Facet]
    subjects: list[Facet]
    years: list[int]


@dataclass(frozen=True)
class Listing:
    """One page of the catalogue."""

    rows: list[DocumentRow]
    total: int
    number: int
    num_pages: int


@dataclass(frozen=True)
class AttachmentRow:
    pk: int
    name: str
    content_type: str
    size: int

    @property
    def file_type(self) -> filetypes.FileType | None:
        return filetypes.by_mime(self.content_type)

    @property
    def label(self) -> str:
        return self.file_type.label if self.file_type else "文件"

    @property
    def category(self) -> str:
        # Pictures and short videos are shown in the page itself (the seed report asks for richer formats).
        return self.file_type.category if self.file_type else filetypes.DOCUMENT


@dataclass(frozen=True)
class PublicDocument:
    """The document page: the catalogue metadata (regulation.md §6.2), body, files and links."""

    pk: int
    agency_code: str
    index_number: str
    title: str
    summary: str
    subject_label: str
    item_label: str
    kind: str
    kind_label: str
    issuing_body: str
    written_on: dt.date | None
    document_number: str
    published_on: dt.date | None
    validity: str
    validity_label: str
    validity_changed_on: dt.date | None
    disclosure_label: str
    body: str  # sanitised HTML: catalog.sanitize cleans it on every save
    attachments: list[AttachmentRow]
    interpretations: list[DocumentRow]
    interprets: DocumentRow | None

    @property
    def is_out_of_force(self) -> bool:
        return self.validity in _OUT_OF_FORCE

    @property
    def is_interpretation(self) -> bool:
        return self.kind == Kind.INTERPRETATION


_ROW_FIELDS = (
    "pk",
    "agency__code",
    "agency__name",
    "index_number",
    "title",
    "published_on",
    "validity",
    "validity_changed_on",
    "document_number",
    "written_on",
)
_NEWEST_FIRST = (F("published_on").desc(nulls_last=True), F("pk").desc())


def _rows(documents: QuerySet[Document], *lead: str) -> list[tuple]:
    """(lead values…, DocumentRow) per document, in one query.

    values_list, not instances: no object carrying workflow fields (author, opinions, rejection
    reasons) reaches a public template, and the cached value is small.
    """
    n = len(lead)
    return [(*values[:n], DocumentRow(*values[n:])) for values in documents.values_list(*lead, *_ROW_FIELDS)]


def _row_list(documents: QuerySet[Document]) -> list[DocumentRow]:
    return [row for (row,) in _rows(documents)]


def catalogue_version(agency: Agency | None = None) -> str:
    """Changes whenever anything a public listing shows may have changed.

    Every catalogue service saves ``updated_at`` with its change (publish, unpublish, repeal,
    scheduled release), and the count covers a deleted row, so (count, newest change) over all
    of the agency's documents — drafts too: simpler than being clever — is a sound version.
    Across agencies, an agency switched off or renamed changes it as well.
    """
    documents = Document.objects.all() if agency is None else Document.objects.filter(agency=agency)
    facts = documents.aggregate(n=Count("pk"), last=Max("updated_at"))
    version = f"{facts['n']}:{facts['last'].timestamp() if facts['last'] else 0}"
    if agency is None:
        agencies = Agency.objects.aggregate(n=Count("pk", filter=Q(is_active=True)), last=Max("updated_at"))
        version += f":{agencies['n']}:{agencies['last'].timestamp() if agencies['last'] else 0}"
    return version


def _cached[T](parts: tuple, build: Callable[[], T]) -> T:
    key = "portal:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value


def latest_documents(*, agency: Agency | None = None, limit: int = 10, version: str | None = None) -> list[DocumentRow]:
    """The newest public documents, of one agency or of every active agency.

    ``version``: the catalogue_version a view already has for this request (one query saved).
    """
    return _cached(
        ("latest", agency.pk if agency else None, limit, version or catalogue_version(agency)),
        lambda: _row_list(public_documents(agency).order_by(*_NEWEST_FIRST)[:limit]),
    )


def agency_items(agency: Agency, counts: dict[str, int]) -> dict[str, str]:
    """The items of the agency's level, then any other item it has documents under (an agency
    whose level was changed keeps its older documents reachable)."""
    items = items_for_level(agency.level)
    return items | {key: ALL_ITEMS.get(key, key) for key in counts if key not in items}


def _item_counts(agency: Agency) -> dict[str, int]:
    return dict(public_documents(agency).order_by().values("item").annotate(n=Count("pk")).values_list("item", "n"))


def agency_columns(agency: Agency, *, version: str | None = None) -> list[Column]:
    """The agency home: the latest documents of each item it uses, then its 政策解读.

    A window numbers each item's documents, so all items' latest rows are one query: the
    number of queries grows with neither the items nor the documents.
    """

    def build() -> list[Column]:
        counts = _item_counts(agency)
        ranked = public_documents(agency).annotate(
            rank=Window(RowNumber(), partition_by=[F("item")], order_by=list(_NEWEST_FIRST))
        )
        by_item: dict[str, list[DocumentRow]] = {}
        for item, row in _rows(ranked.filter(rank__lte=LATEST_PER_COLUMN).order_by("item", *_NEWEST_FIRST), "item"):
            by_item.setdefault(item, []).append(row)
        columns = [
            Column(key, label, counts[key], by_item.get(key, []))
            for key, label in agency_items(agency, counts).items()
            if counts.get(key)
        ]
        interpretations = public_documents(agency).filter(kind=Kind.INTERPRETATION)
        rows = _rows(
            interpretations.annotate(total=Window(Count("pk"))).order_by(*_NEWEST_FIRST)[:LATEST_PER_COLUMN], "total"
        )
        columns.append(Column("interpretations", "政策解读", rows[0][0] if rows else 0, [row for _, row in rows]))
        return columns

    return _cached(("columns", agency.pk, agency.level, version or catalogue_version(agency)), build)


def catalogue_facets(agency: Agency, *, version: str | None = None) -> Facets:
    """Every item of the agency's level with its count (zero included), the subjects in use, the years."""

    def build() -> Facets:
        counts = _item_counts(agency)
        documents = public_documents(agency).order_by()
        subjects = dict(documents.values("subject").annotate(n=Count("pk")).values_list("subject", "n"))
        years = documents.filter(published_on__isnull=False).dates("published_on", "year", order="DESC")
        declared = {item: d.reason for item, d in no_information(agency).items()}
        return Facets(
            items=[
                Facet(key, label, counts.get(key, 0), declared.get(key, ""))
                for key, label in agency_items(agency, counts).items()
            ],
            subjects=[Facet(key, label, subjects[key]) for key, label in Subject.choices if subjects.get(key)],
            years=[day.year for day in years],
        )

    # 无此类信息 declarations touch the agency's updated_at (catalog.services.declarations), so the
    # key carries it: a declaration shows on the next request without another query.
    stamp = agency.updated_at.timestamp() if agency.updated_at else 0
    return _cached(("facets", agency.pk, agency.level, stamp, version or catalogue_version(agency)), build)


def catalogue_page(
    agency: Agency,
    *,
    item: str = "",
    subject: str = "",
    year: int | None = None,
    page: int | str = 1,
    version: str | None = None,
) -> Listing:
    """One page of the agency's catalogue, newest first, filtered by item, subject and year."""

    def build() -> Listing:
        documents = public_documents(agency)
        if item:
            documents = documents.filter(item=item)
        if subject:
            documents = documents.filter(subject=subject)
        if year:
            documents = documents.filter(published_on__year=year)
        paginator = Paginator(documents.order_by(*_NEWEST_FIRST).values_list(*_ROW_FIELDS), CATALOGUE_PAGE_SIZE)
        current = paginator.get_page(page)
        return Listing(
            rows=[DocumentRow(*values) for values in current.object_list],
            total=paginator.count,
            number=current.number,
            num_pages=paginator.num_pages,
        )

    key = ("catalogue", agency.pk, item, subject, year, str(page), version or catalogue_version(agency))
    return _cached(key, build)


def public_document(agency: Agency, pk: int) -> PublicDocument:
    """The document page, only if the document is public and the agency's; else DoesNotExist."""
    document = public_documents(agency).select_related("agency", "interprets").get(pk=pk)
    interprets = None
    if document.interprets_id is not None:
        # The policy is shown only if it is itself public (it may have been unpublished since).
        interprets = next(iter(_row_list(public_documents(agency).filter(pk=document.interprets_id))), None)
    return PublicDocument(
        pk=document.pk,
        agency_code=document.agency.code,
        index_number=document.index_number,
        title=document.title,
        summary=document.summary,
        subject_label=document.get_subject_display(),
        item_label=ALL_ITEMS.get(document.item, document.item),
        kind=document.kind,
        kind_label=document.get_kind_display(),
        issuing_body=document.issuing_body,
        written_on=document.written_on,
        document_number=document.document_number,
        published_on=document.published_on,
        validity=document.validity,
        validity_label=document.get_validity_display() if document.validity else "",
        validity_changed_on=document.validity_changed_on,
        disclosure_label=document.get_disclosure_display(),
        body=document.body,
        attachments=[
            AttachmentRow(*values)
            for values in document.attachments.order_by("sort_order", "pk").values_list(
                "pk", "name", "content_type", "size"
            )
        ],
        interpretations=_row_list(public_documents(agency).filter(interprets=document).order_by(*_NEWEST_FIRST)),
        interprets=interprets,
    )


@dataclass(frozen=True)
class Interpretation:
    """A line of the 政策解读 column: the interpretation and the public document it explains."""

    row: DocumentRow
    interprets: DocumentRow | None


def interpretations_page(agency: Agency, *, page: int | str = 1, version: str | None = None) -> tuple[list, Listing]:
    """One page of the agency's 政策解读, newest first, each with the policy it interprets (if public)."""

    def build() -> tuple[list, Listing]:
        documents = public_documents(agency).filter(kind=Kind.INTERPRETATION).order_by(*_NEWEST_FIRST)
        paginator = Paginator(documents.values_list("interprets_id", *_ROW_FIELDS), CATALOGUE_PAGE_SIZE)
        current = paginator.get_page(page)
        pairs = [(values[0], DocumentRow(*values[1:])) for values in current.object_list]
        policies = {
            row.pk: row for row in _row_list(public_documents(agency).filter(pk__in=[p for p, _ in pairs if p]))
        }
        items = [Interpretation(row, policies.get(policy)) for policy, row in pairs]
        return items, Listing(rows=[], total=paginator.count, number=current.number, num_pages=paginator.num_pages)

    return _cached(("interpretations", agency.pk, str(page), version or catalogue_version(agency)), build)


@dataclass(frozen=True)
class ItemGroup:
    """A branch of the 法定主动公开内容 tree: an article and its items (label without the article)."""

    key: str
    label: str
    items: list[Facet]

    @property
    def count(self) -> int:
        return sum(item.count for item in self.items)


_ARTICLES = {"20": "第二十条规定主动公开的政府信息", "21": "第二十一条规定主动公开的政府信息"}


def item_tree(facets: Facets) -> list[ItemGroup]:
    """The catalogue's items as a tree by Art. 20/21 (statute.catalog keys start with the article)."""
    groups: dict[str, list[Facet]] = {}
    for facet in facets.items:
        article = facet.key.split("-", 1)[0]
        short = facet.label.split("：", 1)[-1]
        groups.setdefault(article, []).append(dataclasses.replace(facet, label=short))
    return [ItemGroup(key, _ARTICLES.get(key, "其他事项"), items) for key, items in groups.items()]
