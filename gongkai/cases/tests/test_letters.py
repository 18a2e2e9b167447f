"""Every letter of a case can be printed, from the case's own facts, and is issued once."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from gongkai.cases import services as s
from gongkai.cases.services.letters import available_letters, reconsideration_body
from gongkai.cases.tests.factories import register
from gongkai.core.clock import recording_as_of as on_day
from gongkai.letters.models import Letter

pytestmark = pytest.mark.django_db
D = dt.date


def text_of(letter) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(bytes(letter.docx))).paragraphs)


def test_every_step_letter_prints_the_case_facts(agency_a, clerk_a, office_head_a):
    agency_a.fee_instructions = "请持本通知书到本机关政务服务窗口扫码缴纳。"  # a fee notice says how to pay
    agency_a.save()
    case = register(agency_a).case
    with on_day(D(2024, 9, 30)):
        s.request_supplement(
            actor=clerk_a,
            case=case,
            items="所需信息的名称\n所需信息的时间范围",
            supplement_by=D(2024, 10, 25),
        )
    with on_day(D(2024, 10, 14)):
        s.record_supplement(actor=clerk_a, case=case, received_on=D(2024, 10, 14))
    with on_day(D(2024, 10, 16)):
        c = s.start_consultation(
            actor=clerk_a,
            case=case,
            party_kind="third_party",
            party_name="北京潭柘建设工程有限公司",
            sent_on=D(2024, 10, 15),
        )
        s.extend_deadline(actor=office_head_a, case=case, days=10, reason="需调取镇档案室存档资料")
        s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=120)
    case.refresh_from_db()
    kinds = [k for k, _, _ in available_letters(case)]
    assert kinds == ["receipt", "supplement", "extension", "consultation", "consultation_notice", "fee"]
    for kind, _, consultation in available_letters(case):
        letter = s.issue_case_letter(actor=clerk_a, case=case, kind=kind, consultation=consultation)
        assert bytes(letter.pdf).startswith(b"%PDF")
    texts = {cl.kind: text_of(cl.letter) for cl in case.case_letters.select_related("letter")}
    assert "2024年9月27日" in texts["receipt"]
    assert "所需信息的时间范围" in texts["supplement"] and "2024年10月25日" in texts["supplement"]
    assert "需调取镇档案室存档资料" in texts["extension"]
    assert "北京潭柘建设工程有限公司" in texts["consultation"] and c.party_due_on.day == 5
    assert "合计1,100元" in texts["fee"]  # 120 pages: 70 × 10 + 20 × 20 元
    assert "人民币1,100.00元" in texts["fee"] and "扫码缴纳" in texts["fee"]
    assert Letter.objects.filter(reference=case.number).count() == 6


def test_reply_letter_carries_basis_and_reconsideration_first_remedy(agency_a, clerk_a, district):
    case = register(agency_a, received_on=D(2024, 9, 27)).case
    s.issue_reply(
        actor=clerk_a,
        case=case,
        outcome="withheld_process_info",
        body="所申请信息属于内部讨论记录。",
        on=D(2024, 10, 28),
    )
    case.refresh_from_db()
    letter = s.issue_case_letter(actor=clerk_a, case=case, kind="reply_withheld")
    text = text_of(letter)
    assert "第十六条第二款" in text and "先" in text and district.name in text and "3个月" not in text
    assert reconsideration_body(agency_a) == district.name


def test_a_letter_is_issued_once_and_frozen(agency_a, clerk_a):
    case = register(agency_a).case
    first = s.issue_case_letter(actor=clerk_a, case=case, kind="receipt")
    case.applicant_name = "改名"
    case.save()
    again = s.issue_case_letter(actor=clerk_a, case=case, kind="receipt")
    assert again.pk == first.pk and "改名" not in text_of(again)


def test_letters_that_do_not_fit_the_case_are_refused(agency_a, clerk_a):
    from django.core.exceptions import ValidationError

    case = register(agency_a).case
    with pytest.raises(ValidationError):
        s.issue_case_letter(actor=clerk_a, case=case, kind="reply_granted")
    with pytest.raises(ValidationError):
        s.issue_case_letter(actor=clerk_a, case=case, kind="supplement")


def test_print_from_the_case_file_and_tenancy(client, clerk_a, clerk_b, agency_a):
    case = register(agency_a).case
    client.force_login(clerk_a)
    response = client.post(reverse("cases:letter", args=[case.pk, "receipt"]))
    assert response.status_code == 302
    letter = case.case_letters.get().letter
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert letter.number in html and reverse("letters:pdf", args=[letter.pk]) in html
    client.force_login(clerk_b)
    assert client.post(reverse("cases:letter", args=[case.pk, "receipt"])).status_code == 404
    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 404
