"""The public 标准目录 page: the official layout, only public documents, another agency's items never."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from gongkai.catalog.models import Status
from gongkai.directories.tests.factories import DirectoryItemFactory

from .test_api import publish


def test_directory_page_shows_the_official_table_and_public_documents(client, agency_a, agency_b):
    today = timezone.localdate()
    plan = DirectoryItemFactory(agency=agency_a, area="城乡规划", level1="规划编制", level2="村庄规划",
                                channels=["政府网站", "公开栏"])  # fmt: skip
    DirectoryItemFactory(agency=agency_a, area="城乡规划", level1="规划编制", level2="规划调整")
    DirectoryItemFactory(agency=agency_a, area="社会救助", level1="最低生活保障", level2="审批结果", retired_on=today)
    DirectoryItemFactory(agency=agency_b, area="王平镇的领域")
    older = publish(
        agency_a, title="鲁家滩村村庄规划（2020—2035年）", item="20-1", published_on=today - dt.timedelta(days=9)
    )
    newer = publish(
        agency_a, title="平原村村庄规划（2020—2035年）", item="20-1", published_on=today - dt.timedelta(days=2)
    )
    draft = publish(agency_a, title="东村村庄规划（征求意见稿）", item="20-1", status=Status.DRAFT, published_on=None)
    type(older).objects.filter(pk__in=[older.pk, newer.pk, draft.pk]).update(directory_item=plan)

    url = reverse("portal:directory", args=[agency_a.code])
    html = client.get(url).content.decode()
    assert "（一）城乡规划领域基层政务公开标准目录" in html
    assert '<th scope="colgroup" colspan="2" id="area-1-items">公开事项</th>' in html
    assert '<td rowspan="2">规划编制</td>' in html  # 一级事项 spans its two rows, as printed
    assert "政府网站、公开栏" in html and "2条" in html and "平原村村庄规划" in html
    assert "东村" not in html and "审批结果" not in html and "王平镇的领域" not in html

    html = client.get(url, {"item": plan.pk}).content.decode()
    assert "村庄规划：已公开信息" in html and "鲁家滩村村庄规划" in html
    assert client.get(url, {"item": "999999"}).status_code == 404
