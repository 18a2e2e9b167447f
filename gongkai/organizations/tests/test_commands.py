import pytest
from django.core.management import CommandError, call_command

from gongkai.organizations.models import Agency
from gongkai.organizations.tests.factories import new_code

pytestmark = pytest.mark.django_db


def test_agencies_add_and_list(capsys):
    parent = new_code()
    call_command(
        "agencies",
        "add",
        "--code",
        parent,
        "--name",
        "北京市门头沟区人民政府",
        "--kind",
        "government",
        "--level",
        "district",
    )
    child = new_code()
    call_command(
        "agencies",
        "add",
        "--code",
        child.lower(),
        "--name",
        "北京市门头沟区民政局",
        "--kind",
        "department",
        "--parent",
        parent,
    )
    assert Agency.objects.get(code=child).parent.code == parent
    call_command("agencies", "list")
    out = capsys.readouterr().out
    assert f"{child}\t  北京市门头沟区民政局\t政府部门\t区级" in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--code", "111101091234567880", "--name", "坏代码局", "--kind", "department"], "校验位"),
        (
            ["--code", "CODE", "--name", "某局", "--kind", "department", "--parent", "111101091234567885"],
            "上级机关 111101091234567885 不存在",
        ),
        (["--code", "CODE", "--name", "某局", "--kind", "bureau"], "类型"),
    ],
)
def test_agencies_add_refuses_bad_input_and_changes_nothing(arguments, message):
    arguments = [new_code() if a == "CODE" else a for a in arguments]
    with pytest.raises(CommandError) as info:
        call_command("agencies", "add", *arguments)
    assert message in str(info.value)
    assert not Agency.objects.exists()


def test_agencies_add_refuses_a_duplicate(agency_a):
    with pytest.raises(CommandError) as info:
        call_command("agencies", "add", "--code", agency_a.code, "--name", "重复", "--kind", "department")
    assert "已登记" in str(info.value)
    assert Agency.objects.filter(code=agency_a.code).count() == 1
