"""The `gongkai` entry point: every command works, or says in Chinese what to run first (exit 2).

The subprocess tests run the real command against a fresh SQLite data folder, then against the
same folder after `gongkai migrate` (one folder per module: each process costs 1–2 s).
"""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db import OperationalError

from gongkai import manage
from gongkai.core import readiness
from gongkai.core.readiness import NOT_INITIALISED, STATIC_NOT_COLLECTED
from gongkai.statute.identifiers import make_uscc

ROOT = Path(__file__).resolve().parents[1]
CODE = make_uscc("110109", "39000001")
REGISTER = "受理编号,申请人类型,申请人,收到日期,答复日期,办理结果\nA-1,自然人,张三,2024-03-04,2024-03-28,予以公开\n"

# One typical call of each of our commands plus a handful of Django's, in two lanes run side by
# side (each lane in order: after migrate, `cases` needs the agency that `agencies` adds).
LANES = (
    {
        "agencies": [
            "agencies",
            "add",
            "--code",
            CODE,
            "--name",
            "北京市门头沟区示例镇人民政府",
            "--kind",
            "government",
            "--level",
            "township",
        ],
        "cases": ["cases", "import", "{folder}/register.csv", "--agency", CODE],
        "report": ["report", "build", "--agency", CODE, "--year", "2024", "--out", "{folder}/report.json"],
        "sitecheck": ["sitecheck", CODE, "--out", "{folder}/sitecheck.json"],
        "shell": ["shell", "-c", "from gongkai.organizations.models import Agency; print(Agency.objects.count())"],
        "demo": ["demo"],
    },
    {
        "workdays": ["workdays", "add", "2024-09-27", "20"],
        "search_index": ["search_index", "rebuild"],
        "inspect": ["inspect", "{folder}/annual-report.txt"],
        "check": ["check"],
        "showmigrations": ["showmigrations"],
        "createsuperuser": ["createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.com"],
        "dumpdata": ["dumpdata", "organizations"],
    },
)
COMMANDS = {name: args for lane in LANES for name, args in lane.items()}
# Not run again after migrate: `demo` takes ~20 s (gongkai/demo/tests cover it in-process);
# `inspect` and `check` do not touch the database, so the fresh run says all there is to say.
NOT_AFTER_MIGRATE = {"demo", "inspect", "check"}
NO_DATABASE_NEEDED = {"inspect", "check", "showmigrations"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def gongkai(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def environment(**values: str) -> dict:
    # Production settings (no DEBUG), whatever database the test run itself uses.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    return env | values


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gongkai-data")
    (folder / "register.csv").write_text(REGISTER, encoding="utf-8")
    (folder / "annual-report.txt").write_text("示例镇人民政府2024年政府信息公开工作年度报告\n", encoding="utf-8")
    env = environment(GONGKAI_DATA_DIR=str(folder), DATABASE_URL="sqlite:///gongkai.sqlite3")

    def run_lane(names):
        return {name: gongkai(*(a.format(folder=folder) for a in COMMANDS[name]), env=env) for name in names}

    def run_lanes(skip=()):
        # Two processes at a time: the machine's two cores, and half the wall time.
        with ThreadPoolExecutor(max_workers=len(LANES)) as pool:
            done = pool.map(run_lane, [[name for name in lane if name not in skip] for lane in LANES])
            return {name: result for lane in done for name, result in lane.items()}

    fresh = run_lanes()
    migrate = gongkai("migrate", "--noinput", "-v0", env=env)
    assert (migrate.returncode, migrate.stderr) == (0, "")
    migrated = run_lanes(skip=NOT_AFTER_MIGRATE)
    return {"fresh": fresh, "migrated": migrated, "folder": folder}


def assert_works_or_says_what_to_run(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode in {0, 2}, result.stderr
    if result.returncode:
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("错误：") and CHINESE.search(last) and "gongkai " in last, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", COMMANDS)
def test_on_a_fresh_data_folder_every_command_works_or_says_run_migrate(runs, name):
    result = runs["fresh"][name]
    assert_works_or_says_what_to_run(result)
    if name in NO_DATABASE_NEEDED:
        assert result.returncode == 0
    else:
        assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (2, f"错误：{NOT_INITIALISED}")


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in COMMANDS if name not in NOT_AFTER_MIGRATE])
def test_after_migrate_the_same_commands_work(runs, name):
    result = runs["migrated"][name]
    assert_works_or_says_what_to_run(result)
    if name == "sitecheck":
        # Production settings serve hashed static files: crawling the portal before
        # collectstatic would record every page as broken, so it says so instead.
        assert (result.returncode, result.stderr) == (2, f"错误：{STATIC_NOT_COLLECTED}\n")
        return
    assert result.returncode == 0, result.stderr
    expected_output = {"workdays": "2024-10-30\n", "shell": "1\n"}
    if name in expected_output:
        assert result.stdout.endswith(expected_output[name])
    if name == "report":
        assert (runs["folder"] / "report.json").stat().st_size > 0


@pytest.mark.slow
def test_an_unreachable_postgresql_is_named_by_host_without_the_password(tmp_path):
    env = environment(GONGKAI_DATA_DIR=str(tmp_path), DATABASE_URL="postgres://gk:s3cret-pw@127.0.0.1:1/gongkai")
    result = gongkai("workdays", "add", "2024-09-27", "20", env=env)
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr == "错误：无法连接数据库（127.0.0.1:1，数据库 gongkai）：请检查 DATABASE_URL 或先启动数据库服务\n"
    )
    assert "s3cret" not in result.stderr


# The wrapper in gongkai.manage, in-process.


def test_a_database_error_becomes_one_chinese_line_and_exit_2(monkeypatch, capsys):
    def fail(self):
        raise OperationalError("no such table: deadlines_calendaryear")

    monkeypatch.setattr(manage.CommandLine, "execute", fail)
    monkeypatch.setattr(sys, "argv", ["gongkai", "workdays", "add", "2024-09-27", "20"])
    asked = []
    monkeypatch.setattr(readiness, "explain_database_error", lambda command: asked.append(command) or NOT_INITIALISED)
    with pytest.raises(SystemExit) as exit_info:
        manage.main()
    assert (exit_info.value.code, capsys.readouterr().err, asked) == (2, f"错误：{NOT_INITIALISED}\n", ["workdays"])


@pytest.mark.parametrize(
    ("argv", "explanation"), [(["workdays"], None), (["workdays", "--traceback"], NOT_INITIALISED)]
)
def test_a_real_fault_or_traceback_keeps_the_original_error(monkeypatch, argv, explanation):
    def fail(self):
        raise OperationalError("database is locked")

    monkeypatch.setattr(manage.CommandLine, "execute", fail)
    monkeypatch.setattr(sys, "argv", ["gongkai", *argv])
    monkeypatch.setattr(readiness, "explain_database_error", lambda command: explanation)
    with pytest.raises(OperationalError, match="database is locked"):
        manage.main()


def test_a_database_error_wrapped_by_a_django_command_is_unwrapped():
    def dumpdata(*args, **options):
        try:
            raise OperationalError("no such table: organizations_agency")
        except OperationalError as e:
            raise CommandError(f"Unable to serialize database: {e}") from e

    with pytest.raises(OperationalError):
        manage.unwrap_database_error(dumpdata)(traceback=False)
    with pytest.raises(CommandError):  # --traceback shows the command's own error
        manage.unwrap_database_error(dumpdata)(traceback=True)


def test_an_unknown_command_is_refused_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        manage.CommandLine(["gongkai", "workdayz"]).fetch_command("workdayz")
    assert exit_info.value.code == 2
    assert (
        capsys.readouterr().err
        == "错误：没有命令“workdayz”（是否想运行 gongkai workdays？）。运行 gongkai help 可列出全部命令\n"
    )
