"""The evidence bundle: one folder per linked case, letters as issued, personal data masked."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.cases import services as cs
from gongkai.cases.models import Attachment
from gongkai.cases.tests.factories import register
from gongkai.core.models import AuditEvent
from gongkai.remedies import services as s

from .factories import PNG_BYTES, remedy

pytestmark = pytest.mark.django_db
D = dt.date
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def replied_case(agency_a, clerk_a):
    case = register(agency_a, id_number=ID_NUMBER, email="zhangsan@example.com", actor=clerk_a).case
    cs.issue_reply(
        actor=clerk_a, case=case, outcome="granted", on=D(2024, 10, 28), body="现向您提供招标文件（共12页）。"
    )
    case.refresh_from_db()
    cs.record_delivery(actor=clerk_a, case=case, method="post", delivered_on=D(2024, 10, 30), proof="EMS 1127 4410")
    case.refresh_from_db()
    for kind in ("receipt", "reply_granted"):
        cs.issue_case_letter(actor=clerk_a, case=case, kind=kind)
    Attachment.objects.create(case=case, name="身份证.png", content_type="image/png", data=PNG_BYTES, size=40)
    return case


def _texts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Every text the bundle carries: .txt files, and the XML inside each .docx."""
    out = {}
    for name in archive.namelist():
        data = archive.read(name)
        if name.endswith(".txt"):
            out[name] = data.decode("utf-8")
        elif name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as docx:
                out[name] = "".join(docx.read(n).decode("utf-8", "replace") for n in docx.namelist())
    return out


def test_bundle_contents(agency_a, clerk_a, replied_case):
    other = register(agency_a, received_on=D(2024, 10, 8), name="李四", actor=clerk_a).case
    r = remedy(
        agency_a, clerk_a, kind="litigation_direct", number="（2024）京0109行初56号", cases=[replied_case, other]
    )
    data = s.evidence_bundle(actor=clerk_a, remedy=r)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = archive.namelist()
    folder = replied_case.number
    letters = [n for n in names if n.startswith(f"{folder}/文书/")]
    assert len(letters) == 4  # receipt and reply, each .docx and .pdf
    assert {n.rsplit(".", 1)[1] for n in letters} == {"docx", "pdf"}
    assert any("受理回执" in n for n in letters) and any("予以公开告知书" in n for n in letters)
    for name in letters:
        if name.endswith(".pdf"):
            assert archive.read(name).startswith(b"%PDF")
    for part in ("申请.txt", "送达记录.txt", "办理记录.txt", "附件/身份证.png"):
        assert f"{folder}/{part}" in names
    assert f"{other.number}/申请.txt" in names and "案件信息.txt" in names
    assert archive.read(f"{folder}/附件/身份证.png") == PNG_BYTES
    # Chinese names are marked UTF-8 (flag bit 11), so every unzip shows them right.
    assert all(info.flag_bits & 0x800 for info in archive.infolist())

    texts = _texts(archive)
    application = texts[f"{folder}/申请.txt"]
    assert "张三" in application and "110***********002X" in application and "138****5678" in application
    assert "z***@example.com" in application and "2024-09-27" in application
    delivery = texts[f"{folder}/送达记录.txt"]
    assert "EMS 1127 4410" in delivery and "2024-10-30" in delivery and "予以公开" in delivery
    timeline = texts[f"{folder}/办理记录.txt"]
    assert "登记申请" in timeline and "王静" in timeline
    assert "法定日程" in timeline and "答复期限" in timeline and "10-01…10-07" in timeline
    for name, text in texts.items():
        assert ID_NUMBER not in text, name
        assert "zhangsan@example.com" not in text and "13812345678" not in text, name

    event = AuditEvent.objects.get(code="remedy.evidence_downloaded")
    assert event.actor == clerk_a and event.data["cases"] == [replied_case.number, other.number]


def test_timeline_is_in_order(agency_a, clerk_a, replied_case):
    r = remedy(agency_a, clerk_a, cases=[replied_case])
    archive = zipfile.ZipFile(io.BytesIO(s.evidence_bundle(actor=clerk_a, remedy=r)))
    timeline = archive.read(f"{replied_case.number}/办理记录.txt").decode()
    stamps = re.findall(r"^(\d{4}-\d\d-\d\d \d\d:\d\d) ", timeline, flags=re.M)
    assert stamps and stamps == sorted(stamps)


def test_no_linked_case_no_bundle(agency_a, clerk_a):
    r = remedy(agency_a, clerk_a)
    with pytest.raises(ValidationError, match="尚未关联"):
        s.evidence_bundle(actor=clerk_a, remedy=r)


def test_other_agency_cannot_build_the_bundle_supervisor_can(agency_a, clerk_a, clerk_b, supervisor, replied_case):
    r = remedy(agency_a, clerk_a, cases=[replied_case])
    with pytest.raises(PermissionDenied):
        s.evidence_bundle(actor=clerk_b, remedy=r)
    assert s.evidence_bundle(actor=supervisor, remedy=r).startswith(b"PK")
