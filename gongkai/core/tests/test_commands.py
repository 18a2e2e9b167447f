"""GongkaiCommand on the command line: usage errors in Chinese with exit 2; call_command unchanged."""

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.commands import EXIT_CANNOT_RUN, GongkaiCommand, MissingPrerequisite


class Sample(GongkaiCommand):
    help = "用于测试的命令"
    requires_system_checks = []  # the checks would need the database; they are not under test

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add")
        add.add_argument("date")
        add.add_argument("n")
        build = sub.add_parser("build")
        build.add_argument("--agency", required=True)
        build.add_argument("--year", required=True)
        build.add_argument("--format", choices=["2019", "2021"])

    def handle(self, *args, **options):
        if options["action"] == "build" and options["agency"] == "missing":
            raise MissingPrerequisite("机关 missing 不存在：请先用 gongkai agencies add 登记该机关")
        self.stdout.write("ok")


def run_from_command_line(capsys, *args) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        Sample().run_from_argv(["gongkai", "sample", *args])
    return exit_info.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "错误：缺少子命令（add、build）。查看用法：gongkai sample --help"),
        (("add",), "错误：缺少参数 date、n。查看用法：gongkai sample add --help"),
        (("add", "2024-09-27", "20", "extra"), "错误：无法识别的参数：extra。查看用法：gongkai sample --help"),
        (("remove",), "错误：子命令“remove”无效，可选：add、build。查看用法：gongkai sample --help"),
        (("build", "--year", "2024"), "错误：缺少参数 --agency。查看用法：gongkai sample build --help"),
        (("build", "--agency"), "错误：--agency 后面缺少取值。查看用法：gongkai sample build --help"),
        (
            ("build", "--agency", "A", "--year", "2024", "--format", "2020"),
            "错误：--format 的取值“2020”无效，可选：2019、2021。查看用法：gongkai sample build --help",
        ),
    ],
)
def test_usage_errors_are_one_chinese_line_with_exit_2(capsys, args, expected):
    code, err = run_from_command_line(capsys, *args)
    assert code == EXIT_CANNOT_RUN == 2
    assert err == expected + "\n"


def test_a_missing_prerequisite_exits_2_naming_the_command(capsys):
    code, err = run_from_command_line(capsys, "build", "--agency", "missing", "--year", "2024")
    assert (code, err) == (2, "错误：机关 missing 不存在：请先用 gongkai agencies add 登记该机关\n")


def test_call_command_still_raises_for_code_and_tests():
    with pytest.raises(CommandError, match=r"^Error: the following arguments are required: date, n"):
        call_command(Sample(), "add")
    with pytest.raises(MissingPrerequisite) as info:
        call_command(Sample(), "build", "--agency", "missing", "--year", "2024")
    assert info.value.returncode == 2
