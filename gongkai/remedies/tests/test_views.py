"""Staff pages: tenancy on every remedies URL, read-only supervisors, the forms through the services."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.cases.tests.factories import register
from gongkai.remedies import services as s
from gongkai.remedies.models import RemedyCase

from .factories import PDF_BYTES, remedy

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case_a(agency_a, clerk_a):
    return register(agency_a, actor=clerk_a).case


@pytest.fixture
def remedy_a(agency_a, clerk_a, case_a):
    r = remedy(agency_a, clerk_a, number="门政复〔2024〕9号", cases=[case_a])
    s.add_document(actor=clerk_a, remedy=r, name="复议申请书.pdf", data=PDF_BYTES)
    return r


def read_urls(r):
    doc = r.documents.get()
    return [
        reverse("remedies:detail", args=[r.pk]),
        reverse("remedies:evidence", args=[r.pk]),
        reverse("remedies:document", args=[r.pk, doc.pk]),
    ]


def write_urls(r, case):
    return [
        *(reverse("remedies:action", args=[r.pk, a]) for a in ("served", "reply", "hearing", "outcome", "link")),
        reverse("remedies:action", args=[r.pk, "document"]),
        reverse("remedies:unlink", args=[r.pk, case.pk]),
    ]


def test_another_agencys_clerk_gets_404_on_every_remedies_url(client, clerk_b, remedy_a, case_a, agency_a):
    client.force_login(clerk_b)
    for url in read_urls(remedy_a):
        assert client.get(url).status_code == 404, url
    for url in write_urls(remedy_a, case_a):
        assert client.post(url, {"outcome-outcome": "corrected", "outcome-decided_on": "2024-12-01"}).status_code == 404
    assert client.get(reverse("remedies:create", args=[agency_a.code])).status_code == 404
    assert client.post(reverse("remedies:create", args=[agency_a.code]), {"number": "x"}).status_code == 404
    listing = client.get(reverse("remedies:list") + "?view=all").content.decode()
    assert remedy_a.number not in listing
    remedy_a.refresh_from_db()
    assert remedy_a.outcome == "pending" and remedy_a.cases.count() == 1


def test_supervisor_reads_but_cannot_act(client, supervisor, remedy_a, case_a, agency_a):
    client.force_login(supervisor)
    page = client.get(reverse("remedies:detail", args=[remedy_a.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "只有查看权限" in html
    assert "/do/" not in html and "/unlink/" not in html  # no action forms
    assert remedy_a.number in client.get(reverse("remedies:list")).content.decode()
    for url in read_urls(remedy_a)[1:]:
        assert client.get(url).status_code == 200, url
    for url in write_urls(remedy_a, case_a):
        assert client.post(url, {"outcome-outcome": "corrected", "outcome-decided_on": "2024-12-01"}).status_code == 404
    assert client.get(reverse("remedies:create", args=[agency_a.code])).status_code == 404
    remedy_a.refresh_from_db()
    assert remedy_a.outcome == "pending"


def test_anonymous_is_sent_to_login(client, remedy_a):
    for url in [reverse("remedies:list"), *read_urls(remedy_a)]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_create_through_the_form(client, clerk_a, agency_a, case_a):
    client.force_login(clerk_a)
    url = reverse("remedies:create", args=[agency_a.code])
    form = client.get(url).content.decode()
    assert "北京市门头沟区人民政府" in form and case_a.number in form  # body prefilled, cases offered
    response = client.post(
        url,
        {
            "kind": "litigation_direct",
            "number": "（2024）京0109行初56号",
            "body": "北京市门头沟区人民法院",
            "applicant_name": "张三",
            "filed_on": "2024-09-10",
            "served_on": "2024-09-16",
            "case": case_a.pk,
        },
    )
    r = RemedyCase.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("remedies:detail", args=[r.pk])
    assert r.reply_due_on == D(2024, 10, 8) and list(r.cases.all()) == [case_a]
    html = client.get(response["Location"]).content.decode()
    assert "2024年10月8日" in html and "国庆节" in html and "答辩期限" in html


def test_create_shows_service_errors_on_the_field(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    response = client.post(
        reverse("remedies:create", args=[agency_a.code]),
        {
            "kind": "reconsideration",
            "number": "门政复〔2024〕3号",
            "body": "北京市门头沟区人民政府",
            "applicant_name": "张三",
            "filed_on": "2024-09-10",
            "served_on": "2024-09-01",
        },
    )
    assert response.status_code == 200 and "不能早于立案" in response.content.decode()
    assert not RemedyCase.objects.exists()


def test_actions_on_the_detail_page(client, clerk_a, remedy_a, agency_a):
    client.force_login(clerk_a)
    other = register(agency_a, received_on=D(2024, 10, 8), name="李四", actor=clerk_a).case

    def post(action, data, **extra):
        return client.post(reverse("remedies:action", args=[remedy_a.pk, action]), data, **extra)

    assert post("reply", {"reply-replied_on": "2024-10-09"}).status_code == 302
    assert post("hearing", {"hearing-on": "2024-11-05", "hearing-note": "听证"}).status_code == 302
    assert post("link", {"link-case": other.pk}).status_code == 302
    bad = post("outcome", {"outcome-outcome": "maintained", "outcome-decided_on": ""})
    assert bad.status_code == 400 and "请填写审结日期" in bad.content.decode()
    assert post("outcome", {"outcome-outcome": "maintained", "outcome-decided_on": "2024-12-02"}).status_code == 302
    upload = SimpleUploadedFile("决定书.pdf", PDF_BYTES, content_type="application/pdf")
    assert post("document", {"document-file": upload}).status_code == 302
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00", content_type="application/pdf")
    refused = post("document", {"document-file": fake})
    assert refused.status_code == 400 and "只接受" in refused.content.decode()
    remedy_a.refresh_from_db()
    assert remedy_a.replied_on == D(2024, 10, 9) and remedy_a.outcome == "maintained"
    assert remedy_a.cases.count() == 2 and remedy_a.hearings.count() == 1 and remedy_a.documents.count() == 2
    unlink = client.post(reverse("remedies:unlink", args=[remedy_a.pk, other.pk]))
    assert unlink.status_code == 302 and remedy_a.cases.count() == 1


def test_foreign_case_cannot_be_linked_through_the_form(client, clerk_a, remedy_a, agency_b):
    client.force_login(clerk_a)
    foreign = register(agency_b).case
    response = client.post(reverse("remedies:action", args=[remedy_a.pk, "link"]), {"link-case": foreign.pk})
    assert response.status_code == 400 and remedy_a.cases.count() == 1


def test_downloads(client, clerk_a, remedy_a):
    client.force_login(clerk_a)
    response = client.get(reverse("remedies:evidence", args=[remedy_a.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"] and "UTF-8''" in response["Content-Disposition"]
    assert response.content.startswith(b"PK")
    doc = remedy_a.documents.get()
    response = client.get(reverse("remedies:document", args=[remedy_a.pk, doc.pk]))
    assert response.content == PDF_BYTES and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_evidence_without_linked_cases_explains(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    r = remedy(agency_a, clerk_a)
    response = client.get(reverse("remedies:evidence", args=[r.pk]), follow=True)
    assert "尚未关联" in response.content.decode()


def test_list_badges(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    overdue = remedy(agency_a, clerk_a, number="门政复〔2024〕21号", served_on=D(2024, 9, 20))
    replied = remedy(agency_a, clerk_a, number="门政复〔2024〕22号", served_on=D(2024, 9, 20))
    s.record_reply(actor=clerk_a, remedy=replied, replied_on=D(2024, 10, 8))
    waiting = remedy(agency_a, clerk_a, number="门政复〔2024〕23号", served_on=None)
    html = client.get(reverse("remedies:list")).content.decode()
    assert overdue.number in html and replied.number in html and waiting.number in html
    assert html.count("已逾期") == 1 and "已于 2024-10-08 提交" in html and "尚未收到副本" in html
    only_reply = client.get(reverse("remedies:list") + "?view=reply").content.decode()
    assert replied.number not in only_reply and overdue.number in only_reply
