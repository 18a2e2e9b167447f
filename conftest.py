"""Personas shared by every test: two townships under one district, so tenancy is always tested.

clerk_a works in agency_a, clerk_b in agency_b (the other agency), supervisor reads the whole
district; anonymous is a visitor who is not signed in.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.organizations.models import Agency, Role
from gongkai.organizations.tests.factories import AgencyFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Attachments uploaded by tests (and by the demo loader) must not land in the real data folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # PBKDF2 at production strength costs ~0.3 s per hash; query codes and passwords are hashed often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def district(db):
    return AgencyFactory(
        name="北京市门头沟区人民政府", level=Agency.Level.DISTRICT, report_due=Agency.ReportDue.MARCH_31
    )


@pytest.fixture
def agency_a(district):
    return AgencyFactory(name="北京市门头沟区潭柘寺镇人民政府", parent=district)


@pytest.fixture
def agency_b(district):
    return AgencyFactory(name="北京市门头沟区王平镇人民政府", parent=district)


@pytest.fixture
def clerk_a(agency_a):
    return MembershipFactory(
        user=UserFactory(username="clerk_a", full_name="王静"), agency=agency_a, role=Role.CLERK
    ).user


@pytest.fixture
def clerk_b(agency_b):
    return MembershipFactory(
        user=UserFactory(username="clerk_b", full_name="周婷"), agency=agency_b, role=Role.CLERK
    ).user


@pytest.fixture
def office_head_a(agency_a):
    return MembershipFactory(
        user=UserFactory(username="head_a", full_name="李建国"), agency=agency_a, role=Role.OFFICE_HEAD
    ).user


@pytest.fixture
def supervisor(district):
    return MembershipFactory(
        user=UserFactory(username="supervisor", full_name="孙磊"), agency=district, role=Role.SUPERVISOR
    ).user


@pytest.fixture
def anonymous():
    return AnonymousUser()
