"""Done when: a real-layout 标准目录 is imported, documents are filed under its items, and overdue
items move as documents are published."""

import datetime as dt

import pytest

from gongkai.catalog import services
from gongkai.catalog.compliance import compliance_summary
from gongkai.directories.importing import import_directory
from gongkai.directories.models import DirectoryItem
from gongkai.directories.tests.samples import official_xlsx
from gongkai.organizations.tests.factories import DepartmentFactory
from gongkai.statute.directory import Outcome

from .factories import policy_fields, walk_to_signed


@pytest.fixture
def people(contributor_a, dept_head_a, reviewer_a, leader_a, office_head_a):
    return {"contributor": contributor_a, "dept_head": dept_head_a, "reviewer": reviewer_a, "leader": leader_a}


def _file(agency, people, item, written_on, title):
    return services.draft_document(
        actor=people["contributor"],
        agency=agency,
        **policy_fields(written_on, title=title, directory_item=item),
    )


def _publish(document, people, head):
    walk_to_signed(document, **people)
    return services.publish_document(actor=head, document=document, override_reason="补录测试")


def test_overdue_items_move_as_documents_are_published(agency_a, office_head_a, people, today):
    construction = DepartmentFactory(agency=agency_a, name="城乡建设办公室")
    DepartmentFactory(agency=agency_a, name="社会事务办公室")
    import_directory(actor=office_head_a, agency=agency_a, data=official_xlsx(), filename="潭柘寺镇全清单.xlsx")
    approval = DirectoryItem.objects.get(agency=agency_a, level2="批准结果")  # 20 working days after forming
    relief = DirectoryItem.objects.get(agency=agency_a, level2="审批结果")  # 每季度
    # The list has been kept for a year: last year's quarters are expected too.
    DirectoryItem.objects.filter(pk=relief.pk).update(tracked_from=today - dt.timedelta(days=365))

    before = compliance_summary(agency_a, today)
    assert before.total.items == 8 and before.total.never_published == 8
    assert before.total.overdue_items == 1  # only the quarterly item: event items expect nothing yet
    [relief_status] = [s for s in before.items if s.item.pk == relief.pk]
    overdue_quarters = len(relief_status.overdue)
    assert overdue_quarters >= 3

    # A decision formed 40 days ago and still in the drawer: overdue under its item, for its department.
    late = _file(agency_a, people, approval, today - dt.timedelta(days=40), "关于潭柘寺镇污水管网改造项目的批复")
    on_time = _file(agency_a, people, approval, today - dt.timedelta(days=2), "关于鲁家滩村道路修缮项目的批复")
    summary = compliance_summary(agency_a, today)
    [status] = [s for s in summary.items if s.item.pk == approval.pk]
    assert [e.outcome for e in status.assessment.expectations] == [Outcome.OVERDUE, Outcome.PENDING]
    [department] = [d for d in summary.departments if d.department_id == construction.pk]
    assert [s.item.pk for s in department.overdue] == [approval.pk]
    assert summary.total.overdue_items == 2

    _publish(late, people, office_head_a)
    _publish(on_time, people, office_head_a)
    summary = compliance_summary(agency_a, today)
    [status] = [s for s in summary.items if s.item.pk == approval.pk]
    assert sorted(e.outcome for e in status.assessment.expectations) == [Outcome.LATE, Outcome.MET]
    assert not status.overdue and not status.assessment.never_published
    assert summary.total.overdue_items == 1 and summary.total.never_published == 7

    # The quarterly relief list: a publication now is this quarter's (on time); the missed quarters stay overdue.
    report = _file(agency_a, people, relief, today, "潭柘寺镇最低生活保障审批结果公示")
    _publish(report, people, office_head_a)
    [relief_status] = [s for s in compliance_summary(agency_a, today).items if s.item.pk == relief.pk]
    assert len(relief_status.overdue) == overdue_quarters
    assert relief_status.assessment.expectations[-1].outcome == Outcome.MET
    assert relief_status.assessment.count(Outcome.PENDING) == 0


def test_a_document_is_filed_only_under_its_own_agencys_items(agency_a, agency_b, contributor_a, today):
    from django.core.exceptions import ValidationError

    from gongkai.directories.tests.factories import DirectoryItemFactory

    foreign = DirectoryItemFactory(agency=agency_b)
    with pytest.raises(ValidationError, match="只能选择本机关标准目录中的现行事项"):
        services.draft_document(actor=contributor_a, agency=agency_a, **policy_fields(today, directory_item=foreign))


def test_the_document_form_offers_only_the_agencys_current_items(client, agency_a, agency_b, contributor_a, today):
    from django.urls import reverse

    from gongkai.directories.tests.factories import DirectoryItemFactory

    own = DirectoryItemFactory(agency=agency_a, level2="本镇预算")
    DirectoryItemFactory(agency=agency_a, level2="已停用事项", retired_on=today)
    foreign = DirectoryItemFactory(agency=agency_b, level2="王平镇预算")
    client.force_login(contributor_a)
    html = client.get(reverse("catalog:new", args=[agency_a.code])).content.decode()
    assert "本镇预算" in html and "已停用事项" not in html and "王平镇预算" not in html
    data = {**policy_fields(today), "directory_item": str(foreign.pk), "disclosure": "proactive"}
    response = client.post(reverse("catalog:new", args=[agency_a.code]), data)
    assert response.status_code == 400 and "王平镇预算" not in response.content.decode()
    data["directory_item"] = str(own.pk)
    response = client.post(reverse("catalog:new", args=[agency_a.code]), data, follow=True)
    html = response.content.decode()
    assert "标准目录事项" in html and "财政预决算 / 部门预算 / 本镇预算" in html
