import datetime as dt

import pytest

from gongkai.reports.models import ReportReminderSent
from gongkai.reports.reminders import send_report_reminders

pytestmark = pytest.mark.django_db
D = dt.date


def test_office_heads_are_reminded_once_per_stage_until_published(agency_a, office_head_a, mailoutbox):
    office_head_a.email = "head@example.gov.cn"
    office_head_a.save()
    assert send_report_reminders(D(2024, 12, 1)) == 0  # 61 days before 2025-01-31
    assert send_report_reminders(D(2025, 1, 5)) == 1  # within 30 days
    assert send_report_reminders(D(2025, 1, 6)) == 0
    assert send_report_reminders(D(2025, 1, 25)) == 1  # within 7 days
    assert send_report_reminders(D(2025, 2, 3)) == 1  # late
    assert set(ReportReminderSent.objects.values_list("stage", flat=True)) == {"30", "7", "late"}
    assert "2024年度" in mailoutbox[-1].subject


def test_published_reports_need_no_reminder(agency_a, office_head_a, clerk_a):
    from gongkai.reports import services

    report = services.start_report(actor=clerk_a, agency=agency_a, year=2024)
    services.publish_report(actor=office_head_a, report=report, published_on=D(2025, 1, 3), override_reason="测试")
    assert send_report_reminders(D(2025, 1, 25)) == 0
