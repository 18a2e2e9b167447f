"""`gongkai inspect FILE... [--json]` as a real process: output streams and exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
SHARED_REPORTS = ROOT.parent / "shared" / "gov-annual-reports"
REPORT = "\n".join(
    [
        "某某县人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本报告统计期限自2024年1月1日起至2024年12月31日止。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
)


@pytest.fixture
def run(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "GONGKAI_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "gongkai", "inspect", *args], cwd=ROOT, env=env, capture_output=True, timeout=120
        )
        # Decoded by hand: text=True would turn the progress bar's \r into \n.
        done.stdout, done.stderr = done.stdout.decode(), done.stderr.decode()
        return done

    return run


@pytest.fixture
def files(tmp_path) -> list[str]:
    good = tmp_path / "某某县2024.txt"
    good.write_text(REPORT, encoding="utf-8")
    gbk = tmp_path / "copy-gbk.txt"
    gbk.write_bytes(REPORT.encode("gbk"))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    return [str(good), str(gbk), str(empty)]


def test_json_is_one_document_with_a_result_per_file(run, files):
    done = run(*files, "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert [r["file"] for r in results] == files  # the paths as given, in order
    assert results[0]["agency"] == "某某县人民政府" and results[0]["year"] == 2024
    assert results[1]["year"] == 2024
    assert [f["code"] for f in results[2]["findings"]] == ["file.unreadable"]
    assert all("findings" in r for r in results)
    assert "检查中" not in done.stderr  # no progress when stderr is not a terminal


def test_summary_on_stdout_progress_on_stderr(run, files):
    done = run(*files)
    assert done.returncode == 0, done.stderr
    assert "某某县人民政府 · 2024年度" in done.stdout
    assert "【错误】文件：文件为空" in done.stdout
    assert "共检查 3 份报告" in done.stdout
    assert "检查中" not in done.stdout
    assert done.stderr.count("\r") == 3 and "3/3" in done.stderr  # one line, rewritten in place


def test_a_missing_path_stops_before_inspecting(run, files, tmp_path):
    missing = str(tmp_path / "nope.pdf")
    done = run(files[0], missing, "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == f"错误：找不到文件：{missing}"


def test_no_file_given(run):
    done = run("--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("错误：请指定要检查的报告文件")


def test_a_folder_stands_for_its_report_files(run, files, tmp_path):
    (tmp_path / "notes.xlsx").write_bytes(b"x")
    done = run(str(tmp_path), "--json")
    assert done.returncode == 0, done.stderr
    assert sorted(r["file"] for r in json.loads(done.stdout)) == sorted(files)


@pytest.mark.skipif(not SHARED_REPORTS.is_dir(), reason="shared reports not available")
def test_consecutive_years_of_one_agency_are_compared(run):
    paths = [str(SHARED_REPORTS / f"pingtan-zonghe-shiyanqu_{year}.txt") for year in (2023, 2024)]
    done = run(*paths, "--json")
    assert done.returncode == 0, done.stderr
    later = json.loads(done.stdout)[1]
    assert "in_force.drift" in {f["code"] for f in later["findings"]}
