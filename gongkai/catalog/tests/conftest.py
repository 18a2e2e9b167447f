import datetime as dt

import pytest
from django.utils import timezone

from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from gongkai.statute.calendar import WorkCalendar

from .factories import policy_fields


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
