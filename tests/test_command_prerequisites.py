"""Commands that need data which is not there say which command provides it, with exit status 2."""

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.readiness import STATIC_NOT_COLLECTED
from gongkai.deadlines.models import CalendarDay, CalendarYear
from gongkai.organizations.models import Agency
from gongkai.organizations.tests.factories import new_code
from gongkai.sitechecks.models import SiteCheck

pytestmark = pytest.mark.django_db


def refusal(*args) -> CommandError:
    with pytest.raises(CommandError) as info:
        call_command(*args)
    return info.value


@pytest.fixture
def static_files_not_collected(settings, tmp_path):
    """Production's manifest storage before `gongkai collectstatic` has run."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }


def test_an_emptied_calendar_points_to_workdays_seed():
    # `gongkai flush` empties the calendar that `migrate` seeded.
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    error = refusal("workdays", "add", "2024-09-27", "20")
    assert error.returncode == 2
    assert "2024年的法定节假日安排尚未录入" in str(error) and "运行 gongkai workdays seed 即可补录" in str(error)


def test_a_year_the_system_does_not_ship_does_not_mention_seed():
    error = refusal("workdays", "add", "2031-03-02", "5")
    assert error.returncode == 2 and "gongkai workdays load" in str(error) and "seed" not in str(error)


def test_report_for_an_unknown_agency_names_agencies_add_and_demo(tmp_path):
    error = refusal("report", "build", "--agency", new_code(), "--year", "2024", "--out", str(tmp_path / "r.json"))
    assert error.returncode == 2 and "gongkai agencies add" in str(error) and "gongkai demo" in str(error)


def test_report_without_records_names_cases_import(agency_a, tmp_path):
    error = refusal("report", "build", "--agency", agency_a.code, "--year", "2024", "--out", str(tmp_path / "r.json"))
    assert error.returncode == 2
    assert f"gongkai cases import 登记簿.xlsx --agency {agency_a.code}" in str(error)


def test_sitecheck_for_an_unknown_agency_names_agencies_add():
    error = refusal("sitecheck", new_code())
    assert error.returncode == 2 and "gongkai agencies add" in str(error)


def test_agency_with_an_unknown_parent_names_agencies_add():
    parent = new_code()
    error = refusal(
        "agencies", "add", "--code", new_code(), "--name", "某局", "--kind", "department", "--parent", parent
    )
    assert error.returncode == 2 and f"上级机关 {parent} 不存在，请先用 gongkai agencies add 登记上级机关" in str(error)


def test_sitecheck_before_collectstatic_says_so_and_records_nothing(agency_a, static_files_not_collected):
    error = refusal("sitecheck", agency_a.code)
    assert (error.returncode, str(error)) == (2, STATIC_NOT_COLLECTED)
    assert "gongkai collectstatic" in STATIC_NOT_COLLECTED
    assert not SiteCheck.objects.exists()


def test_demo_before_collectstatic_says_so_and_loads_nothing(static_files_not_collected):
    error = refusal("demo")
    assert (error.returncode, str(error)) == (2, STATIC_NOT_COLLECTED)
    assert not Agency.objects.exists()
