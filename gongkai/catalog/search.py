"""Full-text search of the public catalogue: the index table, keeping it in step, and the query.

The index holds the CJK-bigram tokens of ``statute.search`` for every document that is published
or repealed and proactively disclosed: an FTS5 table ``catalog_search`` on SQLite (rowid = document
id; columns title, 发文字号, 内容概述, body) and a table of one weighted tsvector per document with a
GIN index on PostgreSQL. Created in migration 0003. Which rows the public may see is decided again
at query time by joining ``selectors.public_documents()``, so a deactivated agency drops out of the
results without re-indexing. See docs/decisions/0012-search.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from gongkai.organizations.models import Agency
from gongkai.statute.search import Term, fts5_match, highlight, index_text, parse_query, pg_tsquery, pg_tsvector

from .models import Disclosure, Document
from .sanitize import html_to_text
from .selectors import PUBLIC_STATUSES, public_documents

# A body longer than this is indexed up to here (about 60 printed pages); PostgreSQL caps a
# tsvector at 1 MB, and nobody needs page 61 found by a search box.
BODY_LIMIT = 100_000
SNIPPET_WIDTH = 120
MAX_LIMIT = 100
# bm25 column weights (title, 发文字号, 内容概述, body); PostgreSQL gets the same order as A, A, B, D.
FTS5_WEIGHTS = "10.0, 5.0, 3.0, 1.0"
_BATCH = 1000
_FIELDS = ("id", "title", "document_number", "summary", "body")
# Block elements end a run of text; without a break, "<p>标题</p><p>正文</p>" would read 标题正文.
_BLOCK = re.compile(r"<(?:p|br|div|li|tr|td|th|h[1-6]|blockquote|pre|hr|caption|table|ul|ol)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    document: Document
    title_html: str  # escaped, with <mark>
    snippet_html: str  # escaped, with <mark>


@dataclass(frozen=True)
class Results:
    query: str
    total: int
    hits: list[Hit]


def body_text(body: str) -> str:
    """The visible text of a sanitised body, blocks apart, whitespace collapsed (for index and snippet)."""
    return " ".join(html_to_text(_BLOCK.sub(lambda m: " " + m.group(), body or "")).split())


def _indexable():
    # Public by status and disclosure; the agency's is_active is checked at query time instead,
    # so switching an agency off and on again needs no re-index.
    return Document.objects.filter(status__in=PUBLIC_STATUSES, disclosure=Disclosure.PROACTIVE)


def _fields(document) -> list[tuple[str, str]]:
    return [
        (document.title, "A"),
        (document.document_number, "A"),
        (document.summary, "B"),
        (body_text(document.body)[:BODY_LIMIT], "D"),
    ]


def _delete(cursor, pk: int) -> None:
    if connection.vendor == "sqlite":
        cursor.execute("DELETE FROM catalog_search WHERE rowid = %s", [pk])
    else:
        cursor.execute("DELETE FROM catalog_search WHERE document_id = %s", [pk])


def write_entries(documents: Iterable) -> int:
    """Insert index rows for ``documents`` (any objects with id, title, document_number, summary and
    body: migration 0003 passes historical models). On SQLite the rows must not exist yet."""
    if connection.vendor == "sqlite":
        sql = "INSERT INTO catalog_search (rowid, title, number, summary, body) VALUES (%s, %s, %s, %s, %s)"

        def row(document):
            return (document.id, *(index_text(text) for text, _ in _fields(document)))
    else:
        # An upsert: two transactions indexing the same document at once must not collide.
        sql = (
            "INSERT INTO catalog_search (document_id, vector) VALUES (%s, %s::tsvector)"
            " ON CONFLICT (document_id) DO UPDATE SET vector = EXCLUDED.vector"
        )

        def row(document):
            return (document.id, pg_tsvector(_fields(document)))

    count, batch = 0, []
    with connection.cursor() as cursor:
        for document in documents:
            batch.append(row(document))
            if len(batch) == _BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


@transaction.atomic
def index_document(document: Document) -> None:
    """Bring one document's index entry in line with its stored state: indexed if it is public,
    removed otherwise. Reads the row again, so it is safe from ``on_commit`` after later updates."""
    current = _indexable().filter(pk=document.pk).only(*_FIELDS).first()
    with connection.cursor() as cursor:
        _delete(cursor, document.pk)
    if current is not None:
        write_entries([current])


@transaction.atomic
def index_new_documents(pks: list[int]) -> int:
    """Index documents that have no entry yet (a legacy import's batch) in one pass; returns how many."""
    documents = _indexable().filter(pk__in=pks).only(*_FIELDS).order_by("pk")
    return write_entries(documents.iterator(chunk_size=_BATCH))


@transaction.atomic
def unindex_document(document: Document) -> None:
    with connection.cursor() as cursor:
        _delete(cursor, document.pk)


# The index's DDL, as migration 0003 first created it; rebuilding re-creates it from scratch, which
# is far faster than deleting row by row (FTS5) or updating a GIN index row by row (PostgreSQL).
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE catalog_search USING fts5(title, number, summary, body, tokenize='ascii', prefix='1')"
)
POSTGRES_INDEX = "CREATE INDEX catalog_search_vector ON catalog_search USING gin (vector)"


@transaction.atomic
def rebuild_index() -> int:
    """Index every public document again, from an empty table; returns how many were indexed.

    Searches wait (PostgreSQL) or see the old index (SQLite WAL readers) until it commits."""
    documents = _indexable().only(*_FIELDS).order_by("pk").iterator(chunk_size=_BATCH)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TABLE catalog_search")
            cursor.execute(SQLITE_TABLE)
            return write_entries(documents)
        cursor.execute("TRUNCATE catalog_search")
        cursor.execute("DROP INDEX catalog_search_vector")
        count = write_entries(documents)
        cursor.execute(POSTGRES_INDEX)
        return count


# -- the query ---------------------------------------------------------------------------------


def _ranked_ids(terms: list[Term], documents, *, limit: int, offset: int) -> tuple[list[int], int]:
    """Ids of the matching ``documents`` best first, and how many match in all."""
    # The public door's own SQL, compiled by Django with placeholders, is the only text spliced in.
    inner, params = documents.order_by().values_list("pk", "published_on").query.sql_with_params()
    if connection.vendor == "sqlite":
        # CROSS JOIN keeps the FTS5 match as the outer loop (SQLite must not probe the index once
        # per public document); bm25() is computed in a subquery, as it may not sit beside a window.
        matches = (
            "SELECT d.pk AS pk, d.published_on AS published_on,"  # noqa: S608 (see above)
            f" -bm25(catalog_search, {FTS5_WEIGHTS}) AS score"
            f" FROM catalog_search CROSS JOIN ({inner}) AS d ON d.pk = catalog_search.rowid"
            " WHERE catalog_search MATCH %s"
        )
        args = [*params, fts5_match(terms)]
    else:
        matches = (
            "SELECT d.pk AS pk, d.published_on AS published_on, ts_rank(s.vector, %s::tsquery, 1) AS score"  # noqa: S608
            f" FROM catalog_search s JOIN ({inner}) AS d ON d.pk = s.document_id"
            " WHERE s.vector @@ %s::tsquery"
        )
        query = pg_tsquery(terms)
        args = [query, *params, query]
    ranked = f"SELECT pk, COUNT(*) OVER () FROM ({matches}) AS m"  # noqa: S608
    order = " ORDER BY score DESC, published_on DESC NULLS LAST, pk DESC LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(ranked + order, [*args, limit, offset])
        rows = cursor.fetchall()
        if rows:
            return [pk for pk, _ in rows], rows[0][1]
        if limit and not offset:
            return [], 0
        # Past the last page (or asked for no rows) the window count comes with no row.
        cursor.execute(f"SELECT COUNT(*) FROM ({matches}) AS m", args)  # noqa: S608
        return [], cursor.fetchone()[0]


def _snippet(document: Document, terms: list[Term]) -> str:
    body = highlight(body_text(document.body), terms, width=SNIPPET_WIDTH)
    if "<mark>" in body or not document.summary:
        return body
    summary = highlight(document.summary, terms, width=SNIPPET_WIDTH)
    return summary if "<mark>" in summary or not document.body else body


def search_documents(
    query: str,
    *,
    agency: Agency | None = None,
    item: str | None = None,
    subject: str | None = None,
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Results:
    """Public documents matching every term of ``query``, best first (bm25 / ts_rank, then newest).

    Filters: agency, Art. 20/21 item, 主题分类 and year of 发布日期. A query with no letters or
    digits finds nothing; no query text can make the engine raise (terms are rebuilt from tokens).
    """
    terms = parse_query(query)
    if not terms:
        return Results(query=query, total=0, hits=[])
    documents = public_documents(agency)
    if item:
        documents = documents.filter(item=item)
    if subject:
        documents = documents.filter(subject=subject)
    if year is not None:
        documents = documents.filter(published_on__year=year)
    ids, total = _ranked_ids(terms, documents, limit=max(0, min(limit, MAX_LIMIT)), offset=max(0, offset))
    found = public_documents().select_related("agency").in_bulk(ids)
    hits = [
        Hit(document=document, title_html=highlight(document.title, terms), snippet_html=_snippet(document, terms))
        for document in (found.get(pk) for pk in ids)
        if document is not None
    ]
    return Results(query=query, total=total, hits=hits)
