"""The access doors: foreign objects are 404, supervisors read their subtree and change nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.organizations.access import (
    access_agency,
    access_department,
    readable_agencies,
    require_role,
    roles_in,
    scope,
    writable_agencies,
)
from gongkai.organizations.models import Department, Role
from gongkai.organizations.tests.factories import AgencyFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_clerk_reads_and_acts_in_own_agency_only(clerk_a, agency_a, agency_b, district):
    assert set(readable_agencies(clerk_a)) == {agency_a}
    assert set(writable_agencies(clerk_a)) == {agency_a}
    assert access_agency(clerk_a, agency_a.code, write=True) == agency_a
    for agency in (agency_b, district):
        with pytest.raises(Http404):
            access_agency(clerk_a, agency.code)


def test_another_agencys_object_is_a_404_not_a_403(clerk_a, agency_b):
    department = DepartmentFactory(agency=agency_b)
    with pytest.raises(Http404):
        access_department(clerk_a, department.pk)
    with pytest.raises(Http404):
        access_department(clerk_a, 10**9)  # missing and foreign look the same
    with pytest.raises(Http404):
        access_department(clerk_a, "not-a-number")


def test_supervisor_reads_the_whole_subtree_but_changes_nothing(supervisor, district, agency_a, agency_b):
    grandchild = AgencyFactory(parent=agency_a, kind="department", name="某所")
    outside = AgencyFactory(name="北京市房山区某镇人民政府")
    assert set(readable_agencies(supervisor)) == {district, agency_a, agency_b, grandchild}
    assert outside not in readable_agencies(supervisor)
    assert not writable_agencies(supervisor).exists()
    assert access_agency(supervisor, agency_b.code) == agency_b
    with pytest.raises(Http404):
        access_agency(supervisor, agency_b.code, write=True)
    department = DepartmentFactory(agency=agency_b)
    assert access_department(supervisor, department.pk) == department
    with pytest.raises(Http404):
        access_department(supervisor, department.pk, write=True)


def test_scope_filters_any_agency_owned_queryset(clerk_a, clerk_b, agency_a, agency_b):
    mine = DepartmentFactory(agency=agency_a)
    theirs = DepartmentFactory(agency=agency_b)
    assert list(scope(Department.objects.all(), clerk_a)) == [mine]
    assert list(scope(Department.objects.all(), clerk_b)) == [theirs]


def test_anonymous_reaches_nothing(anonymous, agency_a):
    assert not readable_agencies(anonymous).exists()
    with pytest.raises(Http404):
        access_agency(anonymous, agency_a.code)


def test_inactive_agency_is_closed(clerk_a, agency_a):
    agency_a.is_active = False
    agency_a.save()
    fresh = type(clerk_a).objects.get(pk=clerk_a.pk)
    with pytest.raises(Http404):
        access_agency(fresh, agency_a.code)


def test_require_role_refuses_a_member_without_the_role(clerk_a, office_head_a, agency_a):
    require_role(office_head_a, agency_a, Role.OFFICE_HEAD)
    with pytest.raises(PermissionDenied) as info:
        require_role(clerk_a, agency_a, Role.OFFICE_HEAD)
    assert "公开办负责人" in str(info.value)
    assert roles_in(clerk_a, agency_a) == {Role.CLERK}


def test_superuser_reads_everything(agency_a, agency_b):
    admin = UserFactory(is_superuser=True)
    assert {agency_a, agency_b} <= set(readable_agencies(admin))
