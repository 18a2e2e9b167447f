"""本机关无此类信息: declaring and withdrawing, who may, and the 栏目情况 page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import services as s
from gongkai.catalog.models import Document, NoInformationDeclaration, Status
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LAND = "21-township-5"  # 第二十一条（乡镇）：土地征收


@pytest.fixture
def admin_a(agency_a):
    return MembershipFactory(user=UserFactory(username="admin_a"), agency=agency_a, role=Role.ADMINISTRATOR).user


def public_document(agency, item, *, status=Status.PUBLISHED):
    return Document.objects.create(
        agency=agency,
        author=UserFactory(),
        index_number=f"{agency.code}/2026-{Document.objects.count() + 1:05d}",
        title="关于征收集体土地的公告",
        item=item,
        issuing_body=agency.name,
        published_on=timezone.localdate(),
        status=status,
    )


@pytest.mark.parametrize("persona", ["office_head_a", "admin_a"])
def test_the_office_head_or_administrator_declares(request, agency_a, persona):
    actor = request.getfixturevalue(persona)
    declaration = s.declare_no_information(
        actor=actor, agency=agency_a, item=LAND, reason="  本镇辖区内\n无土地征收项目 "
    )
    assert declaration.reason == "本镇辖区内 无土地征收项目"
    assert (declaration.declared_by, declaration.declared_on) == (actor, timezone.localdate())
    event = AuditEvent.objects.get(code="catalog.no_information_declared")
    assert event.agency == agency_a and event.data == {
        "item": LAND,
        "reason": "本镇辖区内 无土地征收项目",
        "previous_reason": "",
    }


def test_restating_the_reason_keeps_one_declaration(agency_a, office_head_a):
    s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="本镇无此项工作")
    s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="本镇辖区内无土地征收项目")
    assert NoInformationDeclaration.objects.get().reason == "本镇辖区内无土地征收项目"
    assert AuditEvent.objects.filter(code="catalog.no_information_declared").order_by("pk").last().data[
        "previous_reason"
    ] == ("本镇无此项工作")


@pytest.mark.parametrize(
    ("item", "reason", "published", "message"),
    [
        (LAND, "", None, "请填写无此类信息的理由"),
        (LAND, "长" * 201, None, "理由最多200个字"),
        ("21-county-4", "本镇无", None, "不是本机关所在层级应公开的事项"),  # a county item, agency_a is a township
        (LAND, "本镇无", Status.PUBLISHED, "已有1条公开信息"),
        (LAND, "本镇无", Status.REPEALED, "已有1条公开信息"),  # repealed documents are still shown
    ],
)
def test_refusals_change_nothing(agency_a, office_head_a, item, reason, published, message):
    if published:
        public_document(agency_a, LAND, status=published)
    with pytest.raises(ValidationError, match=message):
        s.declare_no_information(actor=office_head_a, agency=agency_a, item=item, reason=reason)
    assert not NoInformationDeclaration.objects.exists() and not AuditEvent.objects.exists()


def test_a_draft_does_not_stop_a_declaration(agency_a, office_head_a):
    public_document(agency_a, LAND, status=Status.DRAFT)
    s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="本镇无")
    assert NoInformationDeclaration.objects.count() == 1


@pytest.mark.parametrize("persona", ["clerk_a", "clerk_b", "supervisor"])
def test_others_may_not_declare(request, agency_a, persona):
    with pytest.raises(PermissionDenied):
        s.declare_no_information(actor=request.getfixturevalue(persona), agency=agency_a, item=LAND, reason="无")
    assert not NoInformationDeclaration.objects.exists()


def test_withdrawing_is_audited_with_what_was_said(agency_a, office_head_a, clerk_a):
    declaration = s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="本镇无")
    with pytest.raises(PermissionDenied):
        s.withdraw_declaration(actor=clerk_a, declaration=declaration)
    s.withdraw_declaration(actor=office_head_a, declaration=declaration)
    assert not NoInformationDeclaration.objects.exists()
    event = AuditEvent.objects.get(code="catalog.no_information_withdrawn")
    assert event.data == {"item": LAND, "reason": "本镇无", "declared_on": timezone.localdate().isoformat()}


# -- the 栏目情况 page -------------------------------------------------------------------------


def test_the_page_lists_every_column_with_its_count_and_declaration(client, agency_a, office_head_a):
    public_document(agency_a, "20-2")
    public_document(agency_a, "20-2")
    s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="本镇辖区内无土地征收项目")
    client.force_login(office_head_a)
    page = client.get(reverse("catalog:columns", args=[agency_a.code])).text
    assert page.count('<tr id="column-') == 15 + 8  # Art. 20 and the township items of Art. 21
    assert 'id="column-20-2"' in page and '<td class="text-end">2</td>' in page
    assert "理由：本镇辖区内无土地征收项目" in page and "撤回声明" in page
    assert page.count("提交声明</button>") == 15 + 8 - 2  # not for 20-2 (documents), not LAND


def test_declaring_from_the_page(client, agency_a, office_head_a):
    client.force_login(office_head_a)
    url = reverse("catalog:columns", args=[agency_a.code])
    response = client.post(url, {"item": LAND, "reason": "本镇辖区内无土地征收项目"})
    assert response.status_code == 302 and response.url == url
    assert NoInformationDeclaration.objects.get(agency=agency_a, item=LAND).declared_by == office_head_a
    assert "已声明" in client.get(url).text


def test_a_refused_declaration_keeps_the_input_beside_its_column(client, agency_a, office_head_a):
    public_document(agency_a, "20-2")
    client.force_login(office_head_a)
    url = reverse("catalog:columns", args=[agency_a.code])
    response = client.post(url, {"item": LAND, "reason": "长" * 201})
    assert response.status_code == 400 and "理由最多200个字" in response.text
    assert response.text.count("<details open>") == 1  # the form of that column, opened
    assert 'value="' + "长" * 201 + '"' in response.text
    assert not NoInformationDeclaration.objects.exists()


def test_withdrawing_from_the_page(client, agency_a, office_head_a):
    s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="本镇无")
    client.force_login(office_head_a)
    response = client.post(reverse("catalog:declaration_withdraw", args=[agency_a.code, LAND]))
    assert response.status_code == 302 and not NoInformationDeclaration.objects.exists()
    assert client.post(reverse("catalog:declaration_withdraw", args=[agency_a.code, LAND])).status_code == 404


def test_a_clerk_reads_but_cannot_declare(client, agency_a, clerk_a, office_head_a):
    declaration = s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="本镇无")
    client.force_login(clerk_a)
    url = reverse("catalog:columns", args=[agency_a.code])
    page = client.get(url).text
    assert "提交声明</button>" not in page and "撤回声明" not in page and "理由：本镇无" in page
    assert client.post(url, {"item": "20-3", "reason": "无"}).status_code == 403
    assert client.post(reverse("catalog:declaration_withdraw", args=[agency_a.code, LAND])).status_code == 403
    assert list(NoInformationDeclaration.objects.all()) == [declaration]


def test_another_agency_is_404(client, agency_a, clerk_b):
    client.force_login(clerk_b)
    assert client.get(reverse("catalog:columns", args=[agency_a.code])).status_code == 404
    assert (
        client.post(reverse("catalog:columns", args=[agency_a.code]), {"item": LAND, "reason": "无"}).status_code == 404
    )


def test_declared_on_is_today(agency_a, office_head_a, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))
    assert s.declare_no_information(actor=office_head_a, agency=agency_a, item=LAND, reason="无").declared_on == (
        dt.date(2026, 3, 2)
    )
