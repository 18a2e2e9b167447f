"""Running a check: who may, what is logged, the quarterly task."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.organizations.tests.factories import AgencyFactory
from gongkai.sitechecks.models import SiteCheck
from gongkai.sitechecks.services import run_sitecheck
from gongkai.sitechecks.tasks import check_sites_quarterly
from gongkai.statute.sitecheck import checked_quarter

pytestmark = pytest.mark.django_db


def test_a_check_is_stored_and_logged(agency_a, office_head_a, quick_crawl):
    check = run_sitecheck(agency=agency_a, on=dt.date(2026, 1, 1), actor=office_head_a)
    assert check.title == "北京市门头沟区潭柘寺镇人民政府 2025年第四季度政府网站自查报告"
    event = AuditEvent.objects.get(code="sitecheck.run")
    assert event.agency == agency_a and event.actor == office_head_a and event.target_id == str(check.pk)
    assert event.data["verdict"] == check.verdict


def test_the_command_line_and_the_task_name_themselves(agency_a, quick_crawl):
    run_sitecheck(agency=agency_a, on=dt.date(2026, 1, 1), actor_label="命令行")
    assert AuditEvent.objects.get(code="sitecheck.run").actor_label == "命令行"


@pytest.mark.parametrize("persona", ["clerk_b", "supervisor"])
def test_only_the_agencys_own_staff_may_run_it(request, agency_a, persona, quick_crawl):
    with pytest.raises(PermissionDenied):
        run_sitecheck(agency=agency_a, on=dt.date(2026, 1, 1), actor=request.getfixturevalue(persona))
    assert not SiteCheck.objects.exists()


def test_a_future_date_is_refused(agency_a, quick_crawl):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        run_sitecheck(agency=agency_a, on=timezone.localdate() + dt.timedelta(days=1))


def test_the_quarterly_task_checks_every_active_agency(agency_a, agency_b, settings, quick_crawl):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    AgencyFactory(name="已撤销的镇", is_active=False)
    result = check_sites_quarterly.enqueue()
    # district, agency_a and agency_b
    assert result.return_value == 3
    _, _, start, end = checked_quarter(timezone.localdate())
    assert set(SiteCheck.objects.values_list("agency__name", flat=True)) >= {agency_a.name, agency_b.name}
    assert set(SiteCheck.objects.values_list("period_start", "period_end")) == {(start, end)}
    assert set(SiteCheck.objects.values_list("run_by", flat=True)) == {None}
