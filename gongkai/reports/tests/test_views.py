import datetime as dt

import pytest
from django.urls import reverse

from gongkai.cases.tests.factories import register
from gongkai.reports import services
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(agency_a, clerk_a):
    register(agency_a, received_on=dt.date(2024, 5, 6))
    return services.start_report(actor=clerk_a, agency=agency_a, year=2024)


def test_every_report_url_is_404_for_another_agency(client, clerk_b, report):
    client.force_login(clerk_b)
    for url in (
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:download", args=[report.pk, "json"]),
        reverse("reports:step", args=[report.pk, "submit"]),
    ):
        assert client.get(url).status_code in (404, 405)
        assert client.post(url).status_code == 404
    assert client.post(reverse("reports:start", args=[report.agency.code]), {"year": 2024}).status_code == 404


def test_edit_page_shows_computed_tables_and_flags(client, clerk_a, report):
    client.force_login(clerk_a)
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "一、本年新收政府信息公开申请数量" in html and "table-warning" in html  # blank 表二 cells flagged
    assert "应填写数字" in html


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, clerk_a, report):
    client.force_login(clerk_a)
    response = client.post(
        reverse("reports:detail", args=[report.pk]),
        {
            "p-penalty-decisions": "十二",
            "p-licensing-decisions": "3",
            "sec-一": "我的正文草稿",
            "sec-五": "",
            "sec-六": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "不是整数" in html and 'value="十二"' in html and "我的正文草稿" in html
    report.refresh_from_db()
    assert report.entered == {}


def test_save_then_json_download_carries_the_entries(client, clerk_a, report):
    client.force_login(clerk_a)
    response = client.post(
        reverse("reports:detail", args=[report.pk]),
        {
            "p-penalty-decisions": "12",
            "p-fees-amount_wan": "0.35",
            "s-penalty": "执法平台统计",
            "sec-一": "总体情况",
            "sec-五": "问题",
            "sec-六": "本年度未收取信息处理费。",
        },
    )
    assert response.status_code == 302
    data = client.get(reverse("reports:download", args=[report.pk, "json"])).json()
    assert data["proactive"]["penalty"]["decisions"] == 12 and data["proactive"]["fees"]["amount_wan"] == "0.35"
    assert data["sources"]["penalty"] == "执法平台统计"


def test_rollup_for_a_supervisor(client, supervisor, district, report):
    client.force_login(supervisor)
    url = reverse("reports:rollup", args=[district.code, 2024])
    html = client.get(url).content.decode()
    assert report.agency.name in html and "未编制" in html
    xlsx = client.get(url + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_portal_column_shows_only_published_reports(client, clerk_a, office_head_a, report):
    url = reverse("portal:annual_reports", args=[report.agency.code])
    assert "尚未公布" in client.get(url).content.decode()
    assert client.get(reverse("portal:annual_report", args=[report.agency.code, 2024])).status_code == 404
    services.publish_report(
        actor=office_head_a, report=report, published_on=dt.date(2025, 1, 20), override_reason="测试"
    )
    assert "2024年政府信息公开工作年度报告" in client.get(url).content.decode()
    page = client.get(reverse("portal:annual_report", args=[report.agency.code, 2024])).content.decode()
    assert "本年新收政府信息公开申请数量" in page
    assert AnnualReport.objects.get().status == "published"


def test_a_draft_can_switch_format_explicitly(client, clerk_a, report):
    client.force_login(clerk_a)
    client.post(reverse("reports:step", args=[report.pk, "format"]), {"format": "2019"})
    report.refresh_from_db()
    assert report.format == "2019"
    data = client.get(reverse("reports:download", args=[report.pk, "json"])).json()
    assert "other" in data["requests"] and "format.version" in {f["code"] for f in data["findings"]}


@pytest.mark.parametrize("year", ["-1", "0", "2018", "2100", "99999", "100000000000000000000"])
def test_starting_a_report_for_an_absurd_year_says_why(client, clerk_a, agency_a, year):
    client.force_login(clerk_a)
    response = client.post(reverse("reports:start", args=[agency_a.code]), {"year": year}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and ("报告年度应在2019年至" in html or "请填写年度" in html)
    assert not AnnualReport.objects.filter(agency=agency_a).exists()


@pytest.mark.parametrize("year", [2018, 9999, 10000])
def test_a_rollup_for_an_absurd_year_says_why(client, supervisor, district, year):
    client.force_login(supervisor)
    response = client.get(reverse("reports:rollup", args=[district.code, year]), follow=True)
    assert response.status_code == 200 and "汇总年度应在2019年至" in response.content.decode()
