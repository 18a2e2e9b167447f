"""The admin shows the docket read-only (changes go through the services)."""

import pytest
from django.urls import reverse

from gongkai.organizations.tests.factories import UserFactory
from gongkai.remedies import services as s

from .factories import PDF_BYTES, remedy

pytestmark = pytest.mark.django_db


def test_admin_pages_render_read_only(client, agency_a, clerk_a):
    r = remedy(agency_a, clerk_a)
    s.add_document(actor=clerk_a, remedy=r, name="申请书.pdf", data=PDF_BYTES)
    s.add_hearing(actor=clerk_a, remedy=r, on=r.filed_on, note="听证")
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert r.number in client.get(reverse("admin:remedies_remedycase_changelist")).content.decode()
    page = client.get(reverse("admin:remedies_remedycase_change", args=[r.pk])).content.decode()
    assert "申请书.pdf" in page and reverse("remedies:document", args=[r.pk, r.documents.get().pk]) in page
    assert client.get(reverse("admin:remedies_remedycase_add")).status_code == 403
