"""`gongkai workdays` — the exact command-line contract, through call_command and a real process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    call_command("workdays", *args)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2024-09-27", "20", "2024-10-30"),
        ("2024-09-30", "1", "2024-10-08"),
        ("2026-02-13", "20", "2026-03-19"),
        ("2026-02-13", "1", "2026-02-14"),
        ("2024-10-30", "-20", "2024-09-27"),
    ],
)
def test_add_prints_the_date_alone(capsys, start, n, expected):
    run("add", start, n)
    assert capsys.readouterr().out == expected + "\n"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2024-09-29", "工作日（国庆节调休上班）"),
        ("2026-02-14", "工作日（春节调休上班）"),
        ("2024-10-08", "工作日"),
        ("2024-10-01", "休息日（国庆节）"),
        ("2024-10-13", "休息日"),
    ],
)
def test_is_workday(capsys, day, expected):
    run("is-workday", day)
    assert capsys.readouterr().out.strip() == expected


@pytest.mark.parametrize(
    "args",
    [("add", "2031-03-02", "5"), ("add", "2026-12-30", "3"), ("is-workday", "2027-01-04"), ("add", "2027-01-04", "0")],
)
def test_unloaded_year_exits_2_naming_the_year(args):
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    year = "2031" if "2031" in args[1] else "2027"
    assert f"{year}年" in str(info.value)


@pytest.mark.parametrize(
    "args",
    [("add", "2024-9-27", "20"), ("add", "2024-02-30", "1"), ("add", "2024-09-27", "x"), ("is-workday", "tomorrow")],
)
def test_bad_input_is_a_clear_error(args):
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode != 0
    assert "不是" in str(info.value)


def test_between_and_explain(capsys):
    run("between", "2024-09-27", "2024-10-30")
    run("explain", "2024-09-27", "20")
    between, explain = capsys.readouterr().out.splitlines()
    assert between == "20"
    assert "10-01…10-07（国庆节）" in explain and explain.endswith("截止 2024-10-30。")


def test_load_from_file(tmp_path, capsys):
    file = tmp_path / "2027.csv"
    file.write_text("日期,类型,名称\n2027-01-01,休息日,元旦\n", encoding="utf-8")
    run("load", str(file), "--source", "国务院办公厅通知")
    run("is-workday", "2027-01-01")
    assert capsys.readouterr().out.splitlines()[-1] == "休息日（元旦）"
    with pytest.raises(CommandError):
        run("load", str(tmp_path / "missing.csv"))


@pytest.mark.slow
def test_real_process_exit_codes_and_streams(tmp_path):
    """The contract as a script sees it: stdout holds only the date, exit 2 for an unloaded year."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/cli.sqlite3", GONGKAI_DATA_DIR=str(tmp_path))
    gongkai = [sys.executable, "-m", "gongkai"]
    cwd = Path(__file__).resolve().parents[3]
    subprocess.run([*gongkai, "migrate", "-v0"], env=env, cwd=cwd, check=True)
    ok = subprocess.run(
        [*gongkai, "workdays", "add", "2024-09-27", "20"], env=env, cwd=cwd, capture_output=True, text=True
    )
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "2024-10-30\n", "")
    missing = subprocess.run(
        [*gongkai, "workdays", "add", "2031-03-02", "5"], env=env, cwd=cwd, capture_output=True, text=True
    )
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.startswith("错误：2031年")
