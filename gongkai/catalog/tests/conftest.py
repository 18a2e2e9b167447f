import datetime as dt

import pytest
from django.utils import timezone

from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from gongkai.statute.calendar import WorkCalendar

from .factories import member, policy_fields


def _member(agency, role, username, name):
    return MembershipFactory(user=UserFactory(username=username, full_name=name), agency=agency, role=role).user


@pytest.fixture
def department_a(agency_a):
    return DepartmentFactory(agency=agency_a, name="党政办公室")


@pytest.fixture
def contributor_a(agency_a):
    return _member(agency_a, Role.CONTRIBUTOR, "contributor_a", "赵敏")


@pytest.fixture
def dept_head_a(agency_a):
    return _member(agency_a, Role.DEPARTMENT_HEAD, "dept_head_a", "钱进")


@pytest.fixture
def reviewer_a(agency_a):
    return _member(agency_a, Role.REVIEWER, "reviewer_a", "孙丽")


@pytest.fixture
def leader_a(agency_a):
    return _member(agency_a, Role.LEADER, "leader_a", "李强")


@pytest.fixture
def calendar():
    # Monday–Friday for the years the tests touch; holidays are the statute tests' business.
    return WorkCalendar.build([], range(2015, 2035))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def fields(today):
    return policy_fields(today - dt.timedelta(days=3))


@pytest.fixture
def office(agency_a, agency_b, supervisor, clerk_b):
    """A township like the demo's: one department with a head, one (城乡建设办公室) without."""
    headed = DepartmentFactory(agency=agency_a, name="党政办公室")
    headless = DepartmentFactory(agency=agency_a, name="城乡建设办公室")
    return {
        "headed": headed,
        "headless": headless,
        "author": member(agency_a, Role.CONTRIBUTOR, "author", "赵敏"),
        "colleague": member(agency_a, Role.CONTRIBUTOR, "colleague", "吴昊"),
        "head": member(agency_a, Role.DEPARTMENT_HEAD, "head", "钱进", department=headed),
        "office_head": member(agency_a, Role.OFFICE_HEAD, "office_head", "李建国"),
        "reviewer": member(agency_a, Role.REVIEWER, "reviewer", "孙丽"),
        "leader": member(agency_a, Role.LEADER, "leader", "李强"),
        "clerk": member(agency_a, Role.CLERK, "clerk", "王静"),
        "supervisor": supervisor,
        "foreign": clerk_b,
    }
