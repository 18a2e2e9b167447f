"""Every letter a case prints is proofread, from a hurried clerk's typing (the demo's case files:
gongkai/demo/tests/test_letters.py).

Cases are built through the real services, the facts come from letter_context, and a test fails
on any proofreading finding (statute.proofreading): in the .docx rendered with every value
marked (so a word doubled where a value meets the template is caught too), in the issued .docx
and in the issued PDF as pdfplumber reads it back. Letters with ordinary facts fit one page, in
the PDF and in LibreOffice's layout of the .docx.
"""

import datetime as dt

import pytest
import time_machine

from gongkai.cases import services as s
from gongkai.cases.models import Case
from gongkai.cases.services.letters import letter_context
from gongkai.cases.tests.factories import register
from gongkai.core.clock import recording_as_of
from gongkai.letters.models import LetterKind
from gongkai.letters.services import docx_text
from gongkai.letters.tests.pdfcheck import libreoffice_pdfs, page_count, pages_text
from gongkai.statute.proofreading import proofread

from .letterchecks import describe, letters_of, marked_findings

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
PAYMENT = {
    "fee_payee": "北京市门头沟区财政局",
    "fee_bank": "北京农村商业银行门头沟支行",
    "fee_account": "0109 0000 0103 0026 188",
    "fee_instructions": "转账时请在附言中注明申请编号和申请人姓名；本机关收到款项后出具财政票据。",
}


def _issue_all(case: Case, actor) -> dict[str, object]:
    return {
        kind: s.issue_case_letter(actor=actor, case=case, kind=kind, consultation=consultation)
        for kind, consultation in letters_of(case)
    }


def _check_issued(letters: dict, problems: list, case: Case, *, one_page: bool = True) -> None:
    for kind, letter in letters.items():
        problems += describe(case, kind, proofread(docx_text(bytes(letter.docx))))
        pages = pages_text(bytes(letter.pdf))
        problems += describe(case, f"{kind} (PDF)", proofread("\n".join(pages), wrapped=True))
        if one_page and len(pages) != 1:
            problems.append(f"{case.number} {kind}: {len(pages)} pages in the PDF")


@pytest.fixture
def hurried_case(agency_a, clerk_a, office_head_a):
    """One request handled by a clerk who numbers items herself, ends everything with 。, quotes
    the request and pastes long text: every step letter of it."""
    for field, value in PAYMENT.items():
        setattr(agency_a, field, value)
    agency_a.short_name = "潭柘寺镇"
    agency_a.ogi_office_name, agency_a.ogi_phone = "潭柘寺镇党政办公室", "010-60861026"
    agency_a.ogi_address = "北京市门头沟区潭柘寺镇鲁家滩村南"
    agency_a.save()
    case = register(
        agency_a,
        name="北京潭柘建设工程有限公司 ",
        kind="commercial",
        received_on=D(2024, 9, 2),
        description="“本镇2019年至2024年全部会议纪要。”",
    ).case
    with recording_as_of(D(2024, 9, 4)):
        s.request_supplement(
            actor=clerk_a,
            case=case,
            items="1. 请写明所需会议纪要的名称或文号。\n2、所需会议纪要的形成时间；\n"
            "（3）其他有助于确定信息的特征描述\n- 联系方式。",
            supplement_by=D(2024, 9, 20),
            notice_on=D(2024, 9, 4),
        )
    with recording_as_of(D(2024, 9, 11)):
        s.record_supplement(actor=clerk_a, case=case, received_on=D(2024, 9, 10))
        s.start_consultation(
            actor=clerk_a,
            case=case,
            party_kind="third_party",
            party_name="北京潭柘环保科技有限公司",
            sent_on=D(2024, 9, 11),
        )
    with recording_as_of(D(2024, 9, 30)):
        s.extend_deadline(
            actor=office_head_a,
            case=case,
            days=15,
            reason="因所需信息涉及多个单位，需要逐一调取核实，经负责人同意延期。",
        )
    with recording_as_of(D(2024, 10, 8)):
        s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=420)
    case.refresh_from_db()
    return case


def test_a_hurried_clerks_letters_read_clean_on_one_page(hurried_case, clerk_a, tmp_path):
    with time_machine.travel(dt.datetime(2024, 10, 8, 10, 0, tzinfo=SHANGHAI), tick=False):
        problems = []
        for kind, consultation in letters_of(hurried_case):
            problems += describe(hurried_case, kind, marked_findings(hurried_case, kind, consultation))
        letters = _issue_all(hurried_case, clerk_a)
    assert set(letters) == {"receipt", "supplement", "extension", "consultation", "consultation_notice", "fee"}
    _check_issued(letters, problems, hurried_case)
    assert problems == []
    texts = {kind: docx_text(bytes(letter.docx)) for kind, letter in letters.items()}
    assert "1. 请写明所需会议纪要的名称或文号\n" in texts["supplement"]
    assert "4. 联系方式\n" in texts["supplement"]
    assert "因所需信息涉及多个单位，需要逐一调取核实，经负责人同意延期，本机关不能" in texts["extension"]
    assert "：“本镇2019年至2024年全部会议纪要”。" in texts["receipt"]
    fee = texts["fee"]
    assert "第201—420页220页×40元=8,800元；合计11,500元" in fee and "应缴金额：人民币11,500.00元" in fee
    assert "户名：北京市门头沟区财政局；开户银行：北京农村商业银行门头沟支行；账号：0109 0000 0103 0026 188" in fee
    assert "所附缴款方式" not in fee and "行政复议" not in fee and "行政诉讼" not in fee
    laid_out = libreoffice_pdfs({kind: bytes(letter.docx) for kind, letter in letters.items()}, tmp_path)
    assert {kind: page_count(pdf) for kind, pdf in laid_out.items()} == dict.fromkeys(letters, 1)


def test_a_fee_notice_per_request_names_which_request_of_the_month_it_is(agency_a, clerk_a):
    for field, value in PAYMENT.items():
        setattr(agency_a, field, value)
    agency_a.save()
    cases = [
        register(agency_a, name="李秀英", id_number="110109197208250048", received_on=D(2024, 9, 2 + n // 4)).case
        for n in range(12)
    ]
    with recording_as_of(D(2024, 9, 10)):
        s.issue_fee_notice(actor=clerk_a, case=cases[-1], method="per_request")
    case = Case.objects.get(pk=cases[-1].pk)
    assert marked_findings(case, LetterKind.FEE) == []
    context = letter_context(case, LetterKind.FEE)
    assert (
        context["fee_calculation"] == "本申请为您本自然月内提出的第12件申请，按第11—30件每件100元的标准计收，合计100元"
    )
    assert context["amount"] == "100.00" and context["fee_method"] == "按件计收"


def test_a_fee_notice_needs_the_agencys_payment_details(agency_a, clerk_a):
    from django.core.exceptions import ValidationError

    case = register(agency_a, received_on=D(2024, 9, 2)).case
    with recording_as_of(D(2024, 9, 10)):
        s.issue_fee_notice(actor=clerk_a, case=case, method="per_volume", pages=120)
    # The details were there when the notice went out; blanked since, the letter cannot print.
    agency_a.fee_payee = agency_a.fee_bank = agency_a.fee_account = agency_a.fee_instructions = ""
    agency_a.save()
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="尚未设置信息处理费的缴款方式"):
        s.issue_case_letter(actor=clerk_a, case=case, kind="fee")


@pytest.mark.parametrize(
    ("outcome", "kind"),
    [
        ("granted", "reply_granted"),
        ("withheld_process_info", "reply_withheld"),
        ("unavailable_not_held", "reply_unavailable"),
        ("not_processed_petition", "reply_not_processed"),
    ],
)
def test_replies_typed_in_a_hurry_read_clean_on_one_page(agency_a, clerk_a, outcome, kind):
    case = register(agency_a, received_on=D(2024, 9, 27), description="申请公开“潭柘寺村道路硬化工程”的招标文件。").case
    s.issue_reply(
        actor=clerk_a,
        case=case,
        outcome=outcome,
        body="经查，本机关于2024年10月对您申请的信息进行了检索，检索范围包括本机关档案室和城乡建设办公室的存档资料",
        legal_basis="根据《中华人民共和国政府信息公开条例》第三十六条的规定。",
        on=D(2024, 10, 28),
    )
    case.refresh_from_db()
    assert marked_findings(case, kind) == []
    with time_machine.travel(dt.datetime(2024, 10, 28, 10, 0, tzinfo=SHANGHAI), tick=False):
        letters = _issue_all(case, clerk_a)
    problems = []
    _check_issued({kind: letters[kind]}, problems, case)
    assert problems == []
    text = docx_text(bytes(letters[kind].docx))
    assert "根据《中华人民共和国政府信息公开条例》第三十六条的规定，本机关" in text


def test_a_long_reply_keeps_text_with_its_signature_on_the_last_page(agency_a, clerk_a, tmp_path):
    body = "".join(
        f"经查，本机关对您申请的第{n}项信息进行了检索，检索范围包括本机关档案室、党政办公室和城乡建设办公室的存档资料，"
        "检索结果为本机关保存有该项信息，现予以提供。"
        for n in range(1, 9)
    )
    case = register(
        agency_a, received_on=D(2024, 9, 27), description="申请公开" + "村道路硬化工程的招标文件、" * 12
    ).case
    s.issue_reply(actor=clerk_a, case=case, outcome="granted", body=body, on=D(2024, 10, 28))
    case.refresh_from_db()
    with time_machine.travel(dt.datetime(2024, 10, 28, 10, 0, tzinfo=SHANGHAI), tick=False):
        letter = s.issue_case_letter(actor=clerk_a, case=case, kind="reply_granted")
    problems = []
    _check_issued({"reply_granted": letter}, problems, case, one_page=False)
    assert problems == []
    pdfs = {"WeasyPrint": bytes(letter.pdf), **libreoffice_pdfs({"reply": bytes(letter.docx)}, tmp_path)}
    for renderer, pdf in pdfs.items():
        pages = pages_text(pdf)
        assert len(pages) >= 2, renderer
        last = pages[-1]
        assert agency_a.name in last and "2024年10月28日" in last, renderer
        # Besides the closing block, the last page carries some of the letter's text.
        assert "特此告知。" in last and "行政诉讼" in last, renderer
