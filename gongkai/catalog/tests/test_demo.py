from collections import Counter

import pytest
from django.core.management import call_command

from gongkai.catalog.demo import TWENTY_TWENTY, load_demo_catalog
from gongkai.catalog.models import Document, IndexCounter, Kind, Source, Status, Validity
from gongkai.catalog.selectors import document_counts
from gongkai.organizations.models import Agency
from gongkai.statute.catalog import format_index_number

pytestmark = pytest.mark.django_db


def test_demo_catalog_is_the_seed_townships_2020_catalogue():
    call_command("demo")
    agency = Agency.objects.get(name="北京市门头沟区潭柘寺镇人民政府")
    in_2020 = Document.objects.filter(agency=agency, status=Status.PUBLISHED, published_on__year=2020)
    assert in_2020.count() == 99
    assert not in_2020.filter(written_on__year__lt=2020).exists()
    assert not in_2020.exclude(written_on__year=2020).exists()
    per_item = Counter(in_2020.values_list("item", flat=True))
    for item, _, titles in TWENTY_TWENTY:
        assert per_item[item] == len(titles)
    assert set(in_2020.filter(item="20-7").values_list("title", flat=True)) == {
        "潭柘寺镇人民政府2020年部门预算",
        "潭柘寺镇人民政府2019年部门决算",
    }
    # The two normative documents are dated 2021 so that the seed's 2020 table (0 规范性文件) stands.
    normative = Document.objects.filter(agency=agency, kind=Kind.NORMATIVE)
    assert normative.count() == 2
    for policy in normative:
        assert policy.status == Status.PUBLISHED and policy.validity == Validity.VALID
        assert policy.document_number.startswith("潭政发〔2021〕") and policy.written_on.year == 2021
        reading = policy.interpretations.get()
        assert reading.status == Status.PUBLISHED and reading.published_on == policy.published_on
    empty = {"made": 0, "published": 0, "total_public": 0}
    assert document_counts(agency=agency, year=2020, fmt_code="2019") == {"rules": empty, "normative_documents": empty}
    counts = document_counts(agency=agency, year=2021, fmt_code="2019")
    assert counts["normative_documents"] == {"made": 2, "published": 2, "total_public": 2}
    counts = document_counts(agency=agency, year=2021, fmt_code="2021")
    assert counts["normative_documents"] == {"issued": 2, "repealed": 0, "in_force": 2}
    months = {d.month for d in in_2020.values_list("published_on", flat=True)}
    assert len(months) == 12
    # Recent items and the review queue.
    assert Document.objects.filter(agency=agency, published_on__year__gte=2025).count() == 6
    waiting = Counter(
        Document.objects.filter(agency=agency).exclude(status=Status.PUBLISHED).values_list("status", flat=True)
    )
    assert waiting == {
        Status.SUBMITTED: 1,
        Status.DEPT_APPROVED: 1,
        Status.SECRECY_REVIEWED: 1,
        Status.SIGNED: 1,
        Status.DRAFT: 1,
    }
    assert Document.objects.get(agency=agency, status=Status.DRAFT).rejection_reason
    # The 2020 documents predate Gongkai: imported as history with 2020 索引号, in order of publication.
    assert set(in_2020.values_list("source", flat=True)) == {Source.LEGACY}
    numbers = list(in_2020.order_by("published_on", "written_on", "pk").values_list("index_number", flat=True))
    assert numbers == [format_index_number(agency.code, 2020, n) for n in range(1, 100)]
    assert not Document.objects.filter(agency=agency, published_on__year=2020, index_number__contains="/2026-").exists()
    assert IndexCounter.objects.get(agency=agency, year=2020).last == 99
    assert in_2020.first().legacy_import.document_count == 99
    # Every later published document went through the whole review.
    sample = Document.objects.get(agency=agency, title="潭柘寺镇人民政府2025年部门预算")
    assert sample.source == Source.DRAFTED and sample.secrecy_opinion and sample.versions.count() >= 6
    # Idempotent.
    total = Document.objects.count()
    assert load_demo_catalog(agency) == 0
    call_command("demo")
    assert Document.objects.count() == total


def test_demo_documents_carry_real_attachments_and_the_neighbours_have_catalogues(client):
    from django.urls import reverse

    from gongkai.catalog.models import Attachment
    from gongkai.catalog.selectors import public_documents

    call_command("demo")
    seed = Agency.objects.get(name="北京市门头沟区潭柘寺镇人民政府")
    files = Attachment.objects.filter(document__agency=seed)
    assert {f.content_type for f in files} == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    for policy in Document.objects.filter(agency=seed, kind=Kind.NORMATIVE):
        assert policy.attachments.get().name == f"{policy.title}.pdf"
        assert policy.interpretations.get().attachments.get().name.endswith("政策解读.docx")
    pdf = files.filter(content_type="application/pdf").first()
    response = client.get(reverse("catalog_files:download", args=[pdf.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert pdf.document.versions.filter(snapshot__attachments__0__sha256=pdf.sha256).exists()

    for name in ("北京市门头沟区王平镇人民政府", "北京市门头沟区司法局"):
        agency = Agency.objects.get(name=name)
        public = public_documents(agency)
        assert 10 <= public.count() <= 15
        assert public.filter(status=Status.PUBLISHED).count() == public.count()
        policy = public.get(kind=Kind.NORMATIVE)
        assert policy.document_number and policy.written_on.year == 2025 and policy.validity == Validity.VALID
        reading = policy.interpretations.get()
        assert reading.status == Status.PUBLISHED and reading.published_on == policy.published_on
        assert policy.attachments.exists() and reading.attachments.exists()
        assert all(d.secrecy_opinion for d in public)
    # Idempotent.
    total = (Document.objects.count(), Attachment.objects.count())
    call_command("demo")
    assert (Document.objects.count(), Attachment.objects.count()) == total
