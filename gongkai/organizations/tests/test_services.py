import pytest
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Agency, Membership, Role
from gongkai.organizations.services import add_department, grant_role, register_agency, revoke_role
from gongkai.organizations.tests.factories import UserFactory, new_code

pytestmark = pytest.mark.django_db


def test_register_agency_builds_the_tree_path_and_logs_it(district):
    code = new_code()
    agency = register_agency(
        actor_label="测试",
        code=code,
        name="北京市门头沟区雁翅镇人民政府",
        kind="government",
        level="township",
        parent=district,
    )
    assert agency.path == f"{district.path}{code}/"
    assert agency.depth == 2
    event = AuditEvent.objects.get(code="agency.registered", target_id=str(agency.pk))
    assert event.agency == agency and event.actor_label == "测试"


@pytest.mark.parametrize(
    ("kind", "level", "expected"),
    [
        ("government", "district", "03-31"),  # Art. 49: county-level and higher governments
        ("government", "province", "03-31"),
        ("government", "township", "01-31"),  # townships report with their county's departments
        ("department", "district", "01-31"),
        ("department", "", "01-31"),
    ],
)
def test_report_deadline_follows_kind_and_level(kind, level, expected):
    agency = register_agency(actor_label="测试", code=new_code(), name="某机关", kind=kind, level=level)
    assert agency.report_due == expected


def test_department_inherits_its_governments_level(district):
    agency = register_agency(
        actor_label="测试", code=new_code(), name="北京市门头沟区民政局", kind="department", parent=district
    )
    assert agency.level == "district"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "111101091234567880"}, "code", "校验位"),
        ({"name": "  "}, "name", "不能为空"),
        ({"kind": "bureau"}, "kind", "无效"),
        ({"level": "village"}, "level", "无效"),
        ({"kind": "government", "level": ""}, "level", "必须注明层级"),
        ({"kind": "government", "level": "city"}, "parent", "不能隶属于"),  # a city under a district
    ],
)
def test_invalid_agencies_are_refused_with_a_reason_and_nothing_is_written(district, changes, field, message):
    before = Agency.objects.count()
    arguments = {
        "code": new_code(),
        "name": "某镇人民政府",
        "kind": "government",
        "level": "township",
        "parent": district,
    } | changes
    with pytest.raises(ValidationError) as info:
        register_agency(actor_label="测试", **arguments)
    assert message in " ".join(info.value.message_dict[field])
    assert Agency.objects.count() == before
    assert not AuditEvent.objects.filter(code="agency.registered", summary__contains="某镇").exists()


def test_duplicate_code_names_the_existing_agency(agency_a):
    with pytest.raises(ValidationError) as info:
        register_agency(actor_label="测试", code=agency_a.code, name="另一个机关", kind="department")
    assert agency_a.name in info.value.message_dict["code"][0]


def test_government_cannot_sit_under_a_department(district):
    department = register_agency(
        actor_label="测试", code=new_code(), name="区民政局", kind="department", parent=district
    )
    with pytest.raises(ValidationError) as info:
        register_agency(
            actor_label="测试",
            code=new_code(),
            name="某镇人民政府",
            kind="government",
            level="township",
            parent=department,
        )
    assert "parent" in info.value.message_dict


def test_grant_role_is_idempotent_and_audited(agency_a):
    user = UserFactory()
    grant_role(actor_label="测试", user=user, agency=agency_a, role=Role.CLERK)
    grant_role(actor_label="测试", user=user, agency=agency_a, role=Role.CLERK)
    assert Membership.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(code="membership.granted").count() == 1


def test_department_of_another_agency_is_refused(agency_a, agency_b):
    foreign = add_department(actor_label="测试", agency=agency_b, name="党政办公室")
    with pytest.raises(ValidationError):
        grant_role(actor_label="测试", user=UserFactory(), agency=agency_a, role=Role.CLERK, department=foreign)


def test_department_names_are_unique_within_an_agency_only(agency_a, agency_b):
    add_department(actor_label="测试", agency=agency_a, name="党政办公室")
    add_department(actor_label="测试", agency=agency_b, name="党政办公室")
    with pytest.raises(ValidationError):
        add_department(actor_label="测试", agency=agency_a, name="党政办公室")


def test_revoke_role_removes_and_logs(clerk_a, agency_a):
    membership = Membership.objects.get(user=clerk_a)
    revoke_role(actor_label="测试", membership=membership)
    assert not Membership.objects.filter(user=clerk_a).exists()
    assert AuditEvent.objects.filter(code="membership.revoked", agency=agency_a).exists()


def test_events_without_a_user_must_name_their_source(agency_a):
    with pytest.raises(ValueError):
        add_department(agency=agency_a, name="某科室")
