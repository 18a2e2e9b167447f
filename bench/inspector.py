"""Benchmark of the report inspector (`make bench`): reports per second per format, peak memory.

Inputs: the builder's .docx, HTML and PDF of a report with a distinct number in every cell, in both
official formats, and the real reports in ../shared/gov-annual-reports (.txt). Pinned to one core.

Two rates per format:
- 进程内: read + extract + check in this process (the parsers' own speed);
- 独立进程: through safety.inspect_files, one worker process per file with its limits (what the
  CLI, the web page and the task do; includes starting the worker and passing the result back).

Each measurement runs for about BUDGET seconds, so the whole run stays well under a minute.
"""

from __future__ import annotations

import itertools
import os
import resource
import sys
import time
import unicodedata
from pathlib import Path

BUDGET = 2.5  # seconds per format and mode
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "gov-annual-reports"


def numbered_report(code: str) -> dict:
    from gongkai.statute.reports.formats import FORMATS, empty_report

    fmt = FORMATS[code]
    counter = itertools.count(1)
    report = empty_report(fmt, year=2020 if code == "2019" else 2024, agency="北京市门头沟区潭柘寺镇人民政府")
    for row in fmt.proactive:
        for key, _ in row.cells:
            n = next(counter)
            report["proactive"][row.key][key] = f"{n}.{n:04d}" if key in row.money else n
    for key in report["requests"]:
        report["requests"][key] = [next(counter) for _ in range(7)]
    for key in report["remedies"]:
        report["remedies"][key] = [next(counter) for _ in range(5)]
    report["sections"] = {"一": "总体情况。", "二": "", "三": "", "四": "", "五": "问题。", "六": "无。"}
    report["published_on"] = f"{report['year'] + 1}-01-29"
    return report


def samples() -> dict[str, list[tuple[bytes, str]]]:
    """Format → [(bytes, name)]. The renderers are loaded by name (reports is a sibling app)."""
    from gongkai.reports.rendering import docx, html, pdf

    render = {"docx": docx, "html": html, "pdf": pdf}
    out: dict[str, list[tuple[bytes, str]]] = {"txt": [], "docx": [], "html": [], "pdf": []}
    for code in ("2019", "2021"):
        report = numbered_report(code)
        out["docx"].append((render["docx"].render_docx(report), f"{code}.docx"))
        out["html"].append((render["html"].render_html(report).encode(), f"{code}.html"))
        out["pdf"].append((render["pdf"].render_pdf(report), f"{code}.pdf"))
    out["txt"] = [(path.read_bytes(), path.name) for path in sorted(SHARED.glob("*.txt"))]
    return out


def rate(run, files: list[tuple[bytes, str]]) -> float:
    """Reports per second: ``run`` over the files, repeated until BUDGET seconds have passed."""
    done, began = 0, time.perf_counter()
    for data, name in itertools.cycle(files):
        run(data, name)
        done += 1
        elapsed = time.perf_counter() - began
        if elapsed >= BUDGET and done >= len(files):
            return done / elapsed
    return 0.0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line(*cells: str) -> str:
    widths = (6, 6, 12, 16, 18)
    first = cells[0] + " " * (widths[0] - _width(cells[0]))
    return first + "".join(" " * (w - _width(c)) + c for c, w in zip(cells[1:], widths[1:], strict=True))


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, inherited by the workers
    import django

    django.setup()
    from gongkai.inspector import safety
    from gongkai.inspector.checks import inspect_document
    from gongkai.inspector.readers.dispatch import read_report

    started = time.perf_counter()
    inputs = samples()

    def in_process(data: bytes, name: str) -> None:
        inspect_document(read_report(data, name))

    def isolated(data: bytes, name: str) -> None:
        safety.inspect_files([(data, name)], cross_year=False)

    safety.inspect_file(b"warm up", "warm.txt")  # start the fork server once, outside the timings
    rows = []
    for kind, files in inputs.items():
        if not files:
            rows.append((kind, 0, None, None, 0))
            continue
        size = sum(len(data) for data, _ in files) // len(files)
        rows.append((kind, len(files), rate(in_process, files), rate(isolated, files), size))

    print("年报检查基准（单核）")
    print(_line("格式", "样本", "平均大小", "进程内 份/秒", "独立进程 份/秒"))
    for kind, count, fast, safe, size in rows:
        if not count:
            print(_line(kind, "—", "", "", "") + f"  （没有样本：{SHARED} 不存在）")
            continue
        print(_line(kind, str(count), f"{size / 1024:.1f} KB", f"{fast:.1f}", f"{safe:.1f}"))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = safety.WORKER_PEAK_KB[0] / 1024
    elapsed = time.perf_counter() - started
    print(f"峰值内存：本进程 {own:.0f} MB（含渲染样本），检查进程（最大者）{workers:.0f} MB；用时 {elapsed:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
