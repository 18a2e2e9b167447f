"""The public portal through the test client: apply, receive a code once, look up the status."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.cases.models import Applicant, Attachment, Case, Status
from gongkai.cases.services import issue_reply
from gongkai.cases.tests.factories import register
from gongkai.core import throttle
from gongkai.core.models import AuditEvent
from gongkai.organizations.tests.factories import AgencyFactory
from gongkai.statute.identifiers import make_uscc

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
FRIDAY = dt.datetime(2024, 9, 27, 10, 0, tzinfo=SHANGHAI)

RESIDENT_ID = "11010519491231002X"  # GB 11643's sample number: valid check digit
COMPANY_CODE = make_uscc("110109", "55667788", authority="9", kind="1")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def apply_url(agency):
    return reverse("portal:apply", args=[agency.code])


def status_url(agency):
    return reverse("portal:status", args=[agency.code])


def form_key(client, agency) -> str:
    html = client.get(apply_url(agency)).content.decode()
    return re.search(r'name="submission_key" value="([^"]+)"', html)[1]


def person(**overrides):
    data = {
        "applicant_kind": "natural_person",
        "name": "张小红",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13912345678",
        "email": "",
        "address": "北京市门头沟区新桥大街1号",
        "postcode": "102300",
        "description": "申请公开2024年潭柘寺镇村道路硬化工程的招标文件和中标结果",
        "document_number": "",
        "provision_form": "electronic",
        "delivery_preference": "online",
    }
    return data | overrides


def organisation(**overrides):
    data = person(
        applicant_kind="commercial",
        name="北京山水建设有限公司",
        id_type="",
        id_number="",
        uscc=COMPANY_CODE.lower(),
        legal_representative="赵大山",
        contact_person="钱小川",
        phone="010-69861234",
    )
    return data | overrides


def post_application(client, agency, data, *, key=None, follow=False):
    return client.post(apply_url(agency), {"submission_key": key or form_key(client, agency), **data}, follow=follow)


def assert_csp_clean(html: str) -> None:
    """Nothing the CSP would block: no inline style, no inline handler, every script a nonced file."""
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'nonce="' in tag and "src=" in tag, tag
    assert "http://" not in html and "https://" not in html


# -- home -------------------------------------------------------------------------------------


def test_home_lists_active_agencies_with_their_application_pages(client, agency_a, agency_b):
    closed = AgencyFactory(name="已撤并的某镇人民政府", is_active=False)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="zh-Hans">' in html
    assert agency_a.name in html and agency_b.name in html and closed.name not in html
    assert f'href="{apply_url(agency_a)}"' in html and f'href="{status_url(agency_a)}"' in html
    assert f'href="{reverse("login")}"' in html and "工作人员登录" in html
    assert_csp_clean(html)


def test_unknown_or_inactive_agency_is_404(client, agency_a):
    closed = AgencyFactory(is_active=False)
    for url in ("/a/NOSUCHCODE/apply/", "/a/NOSUCHCODE/status/", apply_url(closed), status_url(closed)):
        assert client.get(url).status_code == 404, url
    assert client.post("/a/NOSUCHCODE/apply/", person()).status_code == 404
    assert Case.objects.count() == 0


def test_form_is_accessible_and_self_contained(client, agency_a):
    response = client.get(apply_url(agency_a))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert "<legend" in html and 'for="id_description"' in html and 'enctype="multipart/form-data"' in html
    assert "gongkai/portal.js" in html and "data-submit-once" in html
    assert_csp_clean(html)
    assert form_key(client, agency_a) != form_key(client, agency_a)  # a fresh key for every form shown


# -- applying ---------------------------------------------------------------------------------


@time_machine.travel(FRIDAY, tick=False)
def test_natural_person_application_creates_one_online_case(client, agency_a):
    response = post_application(client, agency_a, person(id_number=RESIDENT_ID.lower()))
    assert response.status_code == 302 and response.url == reverse("portal:submitted", args=[agency_a.code])
    case = Case.objects.get()
    assert case.agency == agency_a and case.channel == "online" and case.applicant_kind == "natural_person"
    assert case.received_on == dt.date(2024, 9, 27) and case.applicant_name == "张小红"
    assert case.provision_form == "electronic" and case.delivery_preference == "online"
    applicant = Applicant.objects.get(case=case)
    assert (applicant.id_type, applicant.id_number) == ("resident_id", RESIDENT_ID)
    assert applicant.legal_representative == "" and applicant.phone == "13912345678"
    assert AuditEvent.objects.filter(
        code="case.registered", actor_label="申请人（网上）", target_id=str(case.pk)
    ).exists()


@time_machine.travel(FRIDAY, tick=False)
def test_organisation_application_stores_its_code_and_contacts(client, agency_a):
    response = post_application(client, agency_a, organisation(id_type="passport", id_number="E12345678"))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.applicant_kind == "commercial" and case.applicant_name == "北京山水建设有限公司"
    applicant = case.applicant
    assert (applicant.id_type, applicant.id_number) == ("uscc", COMPANY_CODE)  # normalised upper case
    assert (applicant.legal_representative, applicant.contact_person) == ("赵大山", "钱小川")


@pytest.mark.parametrize(
    ("data", "field", "message", "kept"),
    [
        (person(id_number="110105194912310021"), "id_number", "校验位不正确", "110105194912310021"),
        (organisation(uscc=COMPANY_CODE[:-1] + "0"), "uscc", "统一社会信用代码", COMPANY_CODE[:-1] + "0"),
        (person(description=""), "description", "请描述您申请公开的政府信息", "张小红"),
        (person(description="招标文件"), "description", "至少写10个字", "招标文件"),
        (person(phone="打电话"), "phone", "联系电话格式不正确", "打电话"),
        (person(delivery_preference="email"), "email", "请填写电子邮箱", "13912345678"),
        (person(delivery_preference="post", address=""), "address", "请填写通信地址", "13912345678"),
        (organisation(legal_representative=""), "legal_representative", "请填写法定代表人", "钱小川"),
        (person(applicant_kind=""), "applicant_kind", "请选择申请人类型", "张小红"),
    ],
)
def test_rejected_form_keeps_what_was_typed_and_explains_each_error(client, agency_a, data, field, message, kept):
    key = form_key(client, agency_a)
    response = post_application(client, agency_a, data, key=key)
    html = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 0
    assert message in html and kept in html
    assert f'value="{data["name"]}"' in html and f'value="{data["phone"]}"' in html
    assert f'name="submission_key" value="{key}"' in html  # a corrected resubmission is the same application
    # The error sits next to its field, which points at it; the summary links to the field.
    assert f'id="id_{field}_error"' in html
    anchor = f"id_{field}_0" if field == "applicant_kind" else f"id_{field}"
    assert f'href="#{anchor}"' in html and 'role="alert"' in html
    if field != "applicant_kind":
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', html)[0]
        assert 'aria-invalid="true"' in tag and f"id_{field}_error" in tag
    assert "重新选择" in html  # files are not kept, and the page says so
    assert_csp_clean(html)


def test_rejected_form_keeps_choices_and_description(client, agency_a):
    html = post_application(
        client, agency_a, person(phone="", description="申请公开潭柘寺镇2024年财政预算")
    ).content.decode()
    assert "申请公开潭柘寺镇2024年财政预算</textarea>" in html
    assert re.search(r'<input[^>]*value="electronic"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="resident_id"[^>]*checked', html)
    assert "请填写联系电话" in html


def test_a_person_application_ignores_stray_organisation_fields(client, agency_a):
    post_application(client, agency_a, person(uscc="garbage", legal_representative="某人"))
    applicant = Case.objects.get().applicant
    assert applicant.id_type == "resident_id" and applicant.legal_representative == ""


def test_the_same_submission_key_creates_one_case(client, agency_a):
    key = form_key(client, agency_a)
    first = post_application(client, agency_a, person(), key=key)
    second = post_application(client, agency_a, person(), key=key)
    assert first.status_code == second.status_code == 302
    assert Case.objects.count() == 1
    html = client.get(second.url).content.decode()
    assert Case.objects.get().number in html and "只登记一次" in html


def test_a_missing_or_forged_submission_key_is_refused(client, agency_a):
    response = client.post(apply_url(agency_a), {**person(), "submission_key": "x"})
    html = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 0 and "页面已失效" in html
    assert 'name="submission_key" value="x"' not in html  # a fresh valid key to resubmit with


# -- attachments ------------------------------------------------------------------------------


def test_a_png_attachment_is_accepted_and_stored_with_its_sniffed_type(client, agency_a):
    scan = SimpleUploadedFile("身份证.PNG", PNG, content_type="application/octet-stream")
    pdf = SimpleUploadedFile("C:\\scans\\licence.pdf", b"%PDF-1.7\n" + b"0" * 64, content_type="text/plain")
    response = post_application(client, agency_a, person(attachments=[scan, pdf]))
    assert response.status_code == 302
    stored = {a.name: a for a in Attachment.objects.all()}
    assert stored["身份证.PNG"].content_type == "image/png" and bytes(stored["身份证.PNG"].data) == PNG
    assert stored["licence.pdf"].content_type == "application/pdf"  # no client path kept


def test_an_executable_renamed_png_is_rejected(client, agency_a):
    fake = SimpleUploadedFile("scan.png", EXE, content_type="image/png")
    html = post_application(client, agency_a, person(attachments=[fake])).content.decode()
    assert Case.objects.count() == 0
    assert "“scan.png”不是PDF、JPEG、PNG文件" in html and 'id="id_attachments_error"' in html


def test_too_large_empty_and_too_many_files_are_rejected(client, agency_a):
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (5 * 1024 * 1024), content_type="image/png")
    empty = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    html = post_application(client, agency_a, person(attachments=[big, empty])).content.decode()
    assert "超过5 MB的上限" in html and "“big.png”" in html and "“empty.pdf”是空文件" in html
    four = [SimpleUploadedFile(f"{n}.png", PNG, content_type="image/png") for n in range(4)]
    html = post_application(client, agency_a, person(attachments=four)).content.decode()
    assert "最多上传3个附件，您选择了4个" in html
    assert Case.objects.count() == 0


# -- the receipt and its code -----------------------------------------------------------------


def test_query_code_is_shown_once_and_never_in_a_url(client, agency_a):
    response = post_application(client, agency_a, person(), follow=True)
    html = response.content.decode()
    code = re.search(r'id="query-code"[^>]*>([^<]+)<', html)[1]
    case = Case.objects.get()
    assert len(code) == 8 and case.number in html and "只显示这一次" in html
    urls = [url for url, _ in response.redirect_chain] + [response.request["PATH_INFO"]]
    assert all(code not in url and "张小红" not in url for url in urls)
    assert "no-store" in response.headers["Cache-Control"]
    assert_csp_clean(html)
    again = client.get(reverse("portal:submitted", args=[agency_a.code])).content.decode()
    assert case.number in again and code not in again and "不再显示" in again
    # The code shown was the real one.
    found = client.post(status_url(agency_a), {"number": case.number, "code": code.lower()})
    assert "办理中" in found.content.decode()


def test_receipt_page_without_a_submission_leads_to_the_form(client, agency_a, agency_b):
    post_application(client, agency_a, person())
    assert client.get(reverse("portal:submitted", args=[agency_b.code])).url == apply_url(agency_b)


@time_machine.travel(dt.datetime(2026, 12, 15, 10, 0, tzinfo=SHANGHAI), tick=False)
def test_receipt_marks_a_due_date_in_an_unloaded_year_provisional(client, agency_a):
    html = post_application(client, agency_a, person(), follow=True).content.decode()
    case = Case.objects.get()
    assert case.due_provisional and case.due_on.year == 2027
    assert "暂定" in html and "2027年节假日安排未录入" in html
    assert "2026年12月15日" in html and f"{case.due_on.year}年{case.due_on.month}月{case.due_on.day}日" in html


# -- status lookup ----------------------------------------------------------------------------


def test_status_lookup_shows_progress_and_no_personal_data(client, agency_a):
    reg = register(agency_a, channel="online", name="王秘密", id_number=RESIDENT_ID, email="wang@example.com")
    html = client.post(status_url(agency_a), {"number": reg.case.number, "code": reg.query_code}).content.decode()
    assert "办理中" in html and reg.case.number in html and "2024年9月27日" in html and "2024年10月30日" in html
    for secret in ("王秘密", "13812345678", RESIDENT_ID, "wang@example.com", "招标文件"):
        assert secret not in html, secret
    assert_csp_clean(html)


def test_status_lookup_explains_a_provisional_due_date(client, agency_a):
    reg = register(agency_a, channel="online", received_on=dt.date(2026, 12, 4))
    html = client.post(status_url(agency_a), {"number": reg.case.number, "code": reg.query_code}).content.decode()
    note = re.search(r'<div class="small text-secondary" id="due-note">(.*?)</div>', html, re.S).group(1)
    # 2027-01-01 is 元旦 by law, so the provisional date is Monday 2027-01-04, not the holiday.
    assert "2027年1月4日" in html and "暂定" in html
    assert "跳过节假日 01-01（元旦）" in note
    assert "2027年节假日安排未录入：已按《全国年节及纪念日放假办法》排除法定节假日，调休安排未知" in note
    assert "公布后，本机关将重新计算答复期限，期限可能提前或推后。" in note
    assert "周一至周五" not in html


def test_status_of_a_closed_case_shows_reply_date_and_outcome(client, agency_a, clerk_a):
    reg = register(agency_a)
    issue_reply(actor=clerk_a, case=reg.case, outcome="granted", body="同意公开", on=dt.date(2024, 10, 15))
    html = client.post(status_url(agency_a), {"number": "2024-1", "code": reg.query_code}).content.decode()
    assert "已办结" in html and "2024年10月15日" in html and "予以公开" in html and "同意公开" not in html


def test_wrong_number_and_wrong_code_give_the_same_answer(client, agency_a, agency_b):
    reg = register(agency_a)
    answers = set()
    for number, code in ((reg.case.number, "WRONG234"), ("2024-99", reg.query_code)):
        html = client.post(status_url(agency_a), {"number": number, "code": code}).content.decode()
        answers.add(re.search(r'id="error-summary"[^>]*>(.*?)</div>', html, re.S)[1])
    assert answers == {'<p class="mb-0">受理编号或查询码不正确，请核对后重试。</p>'}
    # Another agency's page does not know this agency's case.
    html = client.post(status_url(agency_b), {"number": reg.case.number, "code": reg.query_code}).content.decode()
    assert "不正确" in html and "办理中" not in html


def test_lookup_is_refused_after_five_failures_from_one_address(client, agency_a):
    reg = register(agency_a)
    other = register(agency_a)
    for n in range(throttle.MAX_FAILURES):
        html = client.post(status_url(agency_a), {"number": f"2024-{50 + n}", "code": "WRONG234"}).content.decode()
        assert "不正确" in html
    # Even the right code for another case is refused now, from this address.
    response = client.post(status_url(agency_a), {"number": reg.case.number, "code": reg.query_code})
    html = response.content.decode()
    assert response.status_code == 429 and "查询失败次数过多" in html and "办理中" not in html
    # Another address is not affected.
    ok = client.post(
        status_url(agency_a), {"number": other.case.number, "code": other.query_code}, REMOTE_ADDR="10.0.0.9"
    )
    assert ok.status_code == 200 and "办理中" in ok.content.decode()


def test_lookup_of_one_case_is_refused_after_five_failures_from_many_addresses(client, agency_a):
    reg = register(agency_a)
    for n in range(throttle.MAX_FAILURES):
        client.post(status_url(agency_a), {"number": reg.case.number, "code": "WRONG234"}, REMOTE_ADDR=f"10.0.1.{n}")
    # Retyping the number another way still names the same case.
    response = client.post(
        status_url(agency_a), {"number": "2024年第1号", "code": reg.query_code}, REMOTE_ADDR="10.0.2.1"
    )
    assert response.status_code == 429 and "查询失败次数过多" in response.content.decode()


def test_the_block_lifts_after_fifteen_minutes(client, agency_a):
    reg = register(agency_a)
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI), tick=False) as clock:
        for _ in range(throttle.MAX_FAILURES):
            client.post(status_url(agency_a), {"number": "2024-77", "code": "WRONG234"})
        assert client.post(status_url(agency_a), {"number": "2024-1", "code": reg.query_code}).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        response = client.post(status_url(agency_a), {"number": "2024-1", "code": reg.query_code})
        assert response.status_code == 200 and "办理中" in response.content.decode()


def test_status_form_requires_both_fields(client, agency_a):
    html = client.post(status_url(agency_a), {"number": "", "code": ""}).content.decode()
    assert "请填写受理编号" in html and "请填写查询码" in html and 'aria-invalid="true"' in html
    assert Status.REGISTERED.label not in html
