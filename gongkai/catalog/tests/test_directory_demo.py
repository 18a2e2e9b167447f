"""The demo township's 主动公开全清单: realistic, with its documents filed, and honestly behind on some."""

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.catalog.compliance import compliance_summary
from gongkai.catalog.models import Document
from gongkai.directories.models import DirectoryItem
from gongkai.organizations.models import Agency

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 12, 6)


def test_demo_township_has_a_full_list_with_items_behind():
    call_command("demo")
    agency = Agency.objects.get(name="北京市门头沟区潭柘寺镇人民政府")
    items = DirectoryItem.objects.filter(agency=agency)
    assert 30 <= items.count() <= 50 and len({i.area for i in items}) >= 10
    assert items.filter(department__isnull=False).count() == items.count()
    filed = Document.objects.filter(agency=agency, directory_item__isnull=False)
    assert filed.count() >= 75

    summary = compliance_summary(agency, ON)
    overdue = {s.item.level2 for s in summary.overdue}
    assert {"部门决算", "救助对象公示", "检查情况"} <= overdue
    assert "部门预算" not in overdue and "应急预案" not in overdue
    assert 3 <= len(overdue) <= 8, overdue  # behind on some, not on everything
    never = {s.item.level2 for s in summary.never_published}
    assert {"批准结果", "预警信息"} <= never
    call_command("demo")  # idempotent
    assert DirectoryItem.objects.filter(agency=agency).count() == items.count()
