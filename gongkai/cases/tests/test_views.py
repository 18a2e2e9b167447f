"""Staff pages: tenancy on every case URL, the intake form, actions through the case file."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from gongkai.cases.models import Case, Status
from gongkai.cases.tests.factories import register
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def case_a(agency_a):
    return register(agency_a, id_number="11010519491231002X").case


def case_urls(case):
    return [
        ("get", reverse("cases:detail", args=[case.pk])),
        ("get", reverse("cases:applicant", args=[case.pk])),
        ("post", reverse("cases:action", args=[case.pk, "withdraw"])),
        ("post", reverse("cases:action", args=[case.pk, "reply"])),
    ]


def test_another_agencys_clerk_gets_404_on_every_case_url(client, clerk_b, case_a):
    client.force_login(clerk_b)
    for method, url in case_urls(case_a):
        assert getattr(client, method)(url).status_code == 404, url
    case_a.refresh_from_db()
    assert case_a.status == Status.REGISTERED


def test_supervisor_reads_but_cannot_act(client, supervisor, case_a):
    client.force_login(supervisor)
    page = client.get(reverse("cases:detail", args=[case_a.pk]))
    assert page.status_code == 200 and "只有查看权限" in page.content.decode()
    response = client.post(reverse("cases:action", args=[case_a.pk, "withdraw"]), {"withdraw-on": "2024-10-08"})
    assert response.status_code == 404


def test_list_masks_identity_numbers(client, clerk_a, case_a):
    client.force_login(clerk_a)
    html = client.get(reverse("cases:list")).content.decode()
    assert case_a.number in html
    assert "11010519491231002X" not in html and "110***********002X" in html


def test_viewing_full_applicant_details_is_logged(client, clerk_a, case_a):
    client.force_login(clerk_a)
    html = client.get(reverse("cases:applicant", args=[case_a.pk])).content.decode()
    assert "11010519491231002X" in html
    assert AuditEvent.objects.filter(code="applicant.viewed", actor=clerk_a).count() == 1


def test_detail_explains_the_due_date(client, clerk_a, case_a):
    client.force_login(clerk_a)
    html = client.get(reverse("cases:detail", args=[case_a.pk])).content.decode()
    assert "2024年10月30日" in html and "10-01…10-07（国庆节）" in html and "09-29、10-12" in html


def test_staff_intake_applies_art31_and_shows_the_code_once(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    url = reverse("cases:intake", args=[agency_a.code])
    data = {
        "channel": "registered_post",
        "arrived_on": "2024-09-27",
        "signed_on": "2024-09-29",
        "applicant_kind": "natural_person",
        "applicant_name": "赵六",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "description": "申请公开村道维修资金使用情况",
    }
    response = client.post(url, data, follow=True)
    case = Case.objects.get()
    assert case.received_on == dt.date(2024, 9, 29) and "签收" in case.receipt_note
    assert "查询码" in response.content.decode()


def test_rejected_intake_keeps_what_was_typed(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    response = client.post(
        reverse("cases:intake", args=[agency_a.code]),
        {
            "channel": "fax",
            "arrived_on": "2024-09-27",
            "applicant_kind": "natural_person",
            "applicant_name": "赵六",
            "id_type": "resident_id",
            "id_number": "110105194912310021",
            "description": "申请公开村道维修资金使用情况",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert "校验位" in html and "双方确认" in html  # bad ID and the fax's missing confirmation date
    assert "申请公开村道维修资金使用情况" in html and 'value="赵六"' in html


def test_intake_needs_an_intake_role(client, agency_a):
    reviewer = MembershipFactory(agency=agency_a, role=Role.REVIEWER).user
    client.force_login(reviewer)
    assert client.get(reverse("cases:intake", args=[agency_a.code])).status_code == 403


def test_actions_through_the_case_file(client, clerk_a, case_a, agency_a):
    client.force_login(clerk_a)
    department = DepartmentFactory(agency=agency_a, name="城乡建设办公室")
    act = reverse("cases:action", args=[case_a.pk, "assign"])
    assert client.post(act, {"assign-department": department.pk}).status_code == 302
    reply = reverse("cases:action", args=[case_a.pk, "reply"])
    bad = client.post(reply, {"reply-outcome": "granted", "reply-body": "", "reply-on": "2024-10-20"})
    assert bad.status_code == 400
    case_a.refresh_from_db()
    assert case_a.status == Status.REGISTERED
    ok = client.post(reply, {"reply-outcome": "granted", "reply-body": "现提供招标文件", "reply-on": "2024-10-20"})
    assert ok.status_code == 302
    case_a.refresh_from_db()
    assert (case_a.status, case_a.outcome, case_a.department) == (Status.CLOSED, "granted", department)


def test_invalid_action_input_rerenders_with_errors(client, clerk_a, case_a):
    client.force_login(clerk_a)
    url = reverse("cases:action", args=[case_a.pk, "supplement"])
    with time_machine.travel(dt.datetime(2024, 9, 30, 10, tzinfo=SHANGHAI), tick=False):
        response = client.post(url, {"supplement-items": "请写明文号", "supplement-supplement_by": "2024-09-01"})
    html = response.content.decode()
    assert response.status_code == 400 and "补正期限应晚于告知日期" in html and "请写明文号" in html


def test_a_step_refused_by_the_state_is_not_offered_and_says_why(client, clerk_a, case_a):
    """Overdue since 2024-10-30: asking for reasons (or a supplement, a consultation, a fee) now
    would stop a clock that has already run out, so none is offered and a forged post is refused."""
    client.force_login(clerk_a)
    html = client.get(reverse("cases:detail", args=[case_a.pk])).content.decode()
    assert "已逾期" in html
    for action in ("reasons", "supplement", "consult", "fee"):
        assert reverse("cases:action", args=[case_a.pk, action]) not in html
    url = reverse("cases:action", args=[case_a.pk, "reasons"])
    response = client.post(url, {"reasons-grounds": "数量多", "reasons-reasons_by": "2099-01-01"}, follow=True)
    assert "答复期限（2024-10-30）已过，不能再要求说明理由" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.status == Status.REGISTERED and Case.objects.overdue(dt.date.today()).get() == case_a


def test_due_list_shows_overdue_for_the_subtree(client, supervisor, agency_a, agency_b):
    overdue = register(agency_a, received_on=dt.date(2024, 1, 2)).case
    other = register(agency_b, received_on=dt.date(2024, 1, 3)).case
    client.force_login(supervisor)
    html = client.get(reverse("cases:due")).content.decode()
    assert overdue.number in html and other.number in html


def test_case_list_links_to_the_register_page(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    html = client.get(reverse("cases:list")).content.decode()
    url = reverse("cases:cases_register_import", args=[agency_a.code])
    assert url in html
    assert client.get(url).status_code == 200


def test_every_case_url_is_404_for_another_agency(client, clerk_b, case_a, agency_a):
    """Walk the cases URLconf so a route added later cannot forget the access door."""
    from django.urls import get_resolver

    from gongkai.cases import urls

    client.force_login(clerk_b)
    checked = 0
    for pattern in get_resolver(urls).url_patterns:
        for name, route in _named_routes(pattern):
            kwargs = {}
            converters = route.pattern.converters
            if "pk" in converters:
                kwargs["pk"] = case_a.pk
            if "code" in converters:
                kwargs["code"] = agency_a.code
            if "action" in converters:
                kwargs["action"] = "withdraw"
            if "kind" in converters:
                kwargs["kind"] = "receipt"
            if "year" in converters:
                kwargs["year"] = 2024
            if not kwargs:
                continue  # lists are scoped querysets, tested above
            url = reverse(f"cases:{name}", kwargs=kwargs)
            for method in ("get", "post"):
                assert getattr(client, method)(url).status_code in (404, 405), (method, url)
            checked += 1
    assert checked >= 6
    case_a.refresh_from_db()
    assert case_a.status == Status.REGISTERED


def _named_routes(pattern):
    if hasattr(pattern, "url_patterns"):
        for inner in pattern.url_patterns:
            yield from _named_routes(inner)
    elif pattern.name:
        yield pattern.name, pattern
