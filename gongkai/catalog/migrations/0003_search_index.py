"""The full-text index of public documents (gongkai.catalog.search; docs/decisions/0012-search.md).

SQLite: an FTS5 table whose rowid is the document id. Its ``ascii`` tokenizer splits on the spaces
between our own CJK-bigram tokens and keeps every non-ASCII character, so the engine never
re-tokenises Chinese; ``prefix='1'`` makes one-character queries (``公*``) an index lookup.
PostgreSQL: one weighted tsvector per document and a GIN index. The index is filled from the
documents that are already public.
"""

from django.db import migrations

# The DDL is written out here (catalog.search keeps its own copy for rebuilds), so this migration
# stays what it was when it ran.
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE catalog_search USING fts5(title, number, summary, body, tokenize='ascii', prefix='1')"
)
# No foreign key to catalog_document: Django's test flush TRUNCATEs only its own models' tables and
# PostgreSQL refuses to truncate a referenced table. Rows are removed by unindex_document, and every
# search joins public_documents(), so an orphan row can never surface.
POSTGRES_CREATE = [
    "CREATE TABLE catalog_search ( document_id bigint PRIMARY KEY, vector tsvector NOT NULL)",
    "CREATE INDEX catalog_search_vector ON catalog_search USING gin (vector)",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"全文检索不支持 {vendor} 数据库（请使用 SQLite 或 PostgreSQL）")
    from gongkai.catalog.search import write_entries

    Document = apps.get_model("catalog", "Document")
    public = Document.objects.filter(status__in=["published", "repealed"], disclosure="proactive")
    write_entries(public.only("id", "title", "document_number", "summary", "body").order_by("pk").iterator())


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS catalog_search")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_attachments_linkchecks")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
