import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gongkai.demo.data import AGENCIES, USERS
from gongkai.organizations.access import readable_agencies
from gongkai.organizations.models import Agency, Department, Membership
from gongkai.statute.identifiers import validate_uscc

pytestmark = pytest.mark.django_db


def counts():
    return (
        Agency.objects.count(),
        Department.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_is_idempotent(capsys):
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    assert first[0] == len(AGENCIES) and first[2] == len(USERS)
    assert "tzs_clerk" in capsys.readouterr().out


def test_demo_world_has_the_seed_township_under_its_district():
    call_command("demo")
    township = Agency.objects.get(name="北京市门头沟区潭柘寺镇人民政府")
    assert township.parent.name == "北京市门头沟区人民政府"
    assert township.departments.filter(is_ogi_office=True).count() == 1
    for agency in Agency.objects.all():
        assert validate_uscc(agency.code) == agency.code
        assert agency.ogi_address and agency.ogi_phone  # the disclosure guide will print them


def test_demo_has_one_user_per_role_and_a_second_agency():
    call_command("demo")
    roles = set(Membership.objects.filter(agency__name="北京市门头沟区潭柘寺镇人民政府").values_list("role", flat=True))
    assert {"clerk", "office_head", "department_head", "contributor", "reviewer", "leader", "admin"} <= roles
    User = get_user_model()
    other = User.objects.get(username="wp_clerk")
    assert [a.name for a in readable_agencies(other)] == ["北京市门头沟区王平镇人民政府"]
    supervisor = User.objects.get(username="mtg_supervisor")
    assert readable_agencies(supervisor).count() == len(AGENCIES)
    assert User.objects.get(username="tzs_clerk").check_password("gongkai-demo")


def test_demo_cases_cover_every_outcome_and_state():
    import datetime as dt

    from gongkai.cases.models import Case, Status
    from gongkai.statute.identifiers import validate_uscc
    from gongkai.statute.identity import validate_resident_id
    from gongkai.statute.outcomes import KEYS_2021

    call_command("demo")
    cases = Case.objects.filter(agency__name="北京市门头沟区潭柘寺镇人民政府")
    assert set(cases.exclude(outcome="").values_list("outcome", flat=True)) == set(KEYS_2021)
    assert {Status.REGISTERED, Status.SUPPLEMENT_REQUESTED, Status.CLOSED} <= set(
        cases.values_list("status", flat=True)
    )
    from gongkai.cases.models import ExtensionRequest

    assert ExtensionRequest.objects.filter(case__in=cases, decision="pending").count() == 1  # on the head's desk
    assert cases.get(outcome="partial").reply.parts.filter(disclosed=False).count() == 2
    example = cases.get(received_on=dt.date(2024, 9, 27))
    assert example.deadlines.get(kind="reply", superseded=False).due_on == dt.date(2024, 10, 30)
    for case in cases.select_related("applicant"):
        number = case.applicant.id_number
        if case.applicant.id_type == "resident_id":
            validate_resident_id(number)
        elif number:
            validate_uscc(number)
    call_command("demo")
    assert Case.objects.filter(agency__name="北京市门头沟区潭柘寺镇人民政府").count() == cases.count()


def test_demo_self_check_reads_the_demo_portal():
    from gongkai.sitechecks.models import SiteCheck

    call_command("demo")
    call_command("demo")
    check = SiteCheck.objects.get()  # once, however often the demo is loaded
    assert check.agency.name == "北京市门头沟区潭柘寺镇人民政府"
    figures = check.summary["figures"]
    # The crawl really walked the portal the demo filled: its pages, its documents, no dead links.
    assert figures["pages_crawled"] > 100 and figures["documents_public"] >= 99
    assert figures["broken_homepage_links"] == 0 and figures["broken_page_links"] == 0
    # 筹资筹劳 is declared 本机关无此类信息: answered, not blank.
    assert figures["columns_declared"] == 1
    columns = {c["key"]: c for c in check.summary["columns"]}
    assert columns["21-township-7"]["state"] == "本机关无此类信息"
    # The township is behind on its 主动公开全清单: one finding, one line per area, for 整改.
    (directory,) = [f for f in check.findings if f["code"] == "directory.overdue"]
    assert directory["severity"] == "deduction"
    assert any(line.startswith("财政预决算：") and "决算" in line for line in directory["details"])
    areas = [line.split("：", 1)[0] for line in directory["details"]]
    assert len(areas) == len(set(areas))
    assert check.summary["directory"]["kept"] is True
