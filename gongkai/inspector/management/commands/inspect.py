"""`gongkai inspect FILE... [--json]`: check published annual reports and list what is wrong.

Exit status: 0 when the files were inspected, whatever was found — including files that could not
be read, which get a file.* finding of their own; 2 when it could not run: no file given, or a
path that does not exist (named in the message; nothing is inspected then, so a typo in a batch
does not silently shrink it). A folder stands for the report files directly inside it.

With --json, stdout holds exactly one JSON document: a list with one report-data object per file
(report-data.md, plus "file": the path as given, and "file_type"); no progress is printed unless
stderr is a terminal. Without --json, a readable summary per file goes to stdout and, for more
than one file, a progress line to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from django.core.management.base import CommandError

from gongkai.core.commands import GongkaiCommand
from gongkai.inspector.safety import REPORT_SUFFIXES, inspect_files

FORMAT_NAMES = {"2019": "2019年试行格式", "2021": "2021年修订格式"}
SEVERITY = {"error": "错误", "warning": "警告"}


class Command(GongkaiCommand):
    help = (
        "检查已公布的政府信息公开工作年度报告（.docx/.pdf/.html/.txt），列出发现的问题："
        "gongkai inspect 文件… [--json]。检查完成即退出码 0（含无法读取的文件）；无法运行（未指定文件、路径不存在）为 2"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE", help="报告文件（或包含报告文件的文件夹）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（每份报告一个 report-data 对象）")

    def handle(self, *args, **options):
        paths = expand(options["files"])
        progress = None
        if len(paths) > 1 and (not options["json"] or sys.stderr.isatty()):
            progress = ProgressBar(sys.stderr)
        jobs = max(1, min(4, os.cpu_count() or 1))
        results = inspect_files([(path, path) for path in paths], jobs=jobs, progress=progress)
        if progress:
            progress.close()
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for result in results:
            self.stdout.write(summary(result))
        if len(results) > 1:
            errors = sum(count(r, "error") for r in results)
            warnings = sum(count(r, "warning") for r in results)
            self.stdout.write(f"共检查 {len(results)} 份报告：错误 {errors} 处，警告 {warnings} 处")


def expand(names: list[str]) -> list[str]:
    """The files to inspect, in the order given; a folder stands for its report files (sorted)."""
    if not names:
        raise CommandError("请指定要检查的报告文件，例如：gongkai inspect 报告.pdf", returncode=2)
    missing = [name for name in names if not os.path.exists(name)]
    if missing:
        raise CommandError(f"找不到文件：{'、'.join(missing)}", returncode=2)
    paths = []
    for name in names:
        if os.path.isdir(name):
            found = sorted(str(p) for p in Path(name).iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                raise CommandError(f"文件夹“{name}”中没有报告文件（.docx/.pdf/.html/.htm/.txt）", returncode=2)
            paths += found
        else:
            paths.append(name)
    return paths


def count(result: dict, severity: str) -> int:
    return sum(1 for f in result.get("findings") or [] if f.get("severity") == severity)


def summary(result: dict) -> str:
    agency = result.get("agency") or "（未识别机关）"
    year = f"{result['year']}年度" if result.get("year") else "（未识别年度）"
    fmt = FORMAT_NAMES.get(result.get("format") or "", "（未识别格式）")
    kind = (result.get("file_type") or "").upper()
    lines = [result["file"], f"  {agency} · {year} · {fmt}" + (f" · {kind}" if kind else "")]
    errors, warnings = count(result, "error"), count(result, "warning")
    lines.append(f"  错误 {errors} 处，警告 {warnings} 处" if errors or warnings else "  未发现问题")
    for finding in result.get("findings") or []:
        label = SEVERITY.get(finding.get("severity"), finding.get("severity"))
        where = finding.get("where")
        lines.append(f"  【{label}】{where + '：' if where else ''}{finding.get('message')}")
    for note in result.get("notes") or []:
        lines.append(f"  （说明）{note}")
    return "\n".join(lines) + "\n"


class ProgressBar:
    """A one-line progress bar rewritten in place with \\r (stderr only)."""

    WIDTH = 24

    def __init__(self, stream):
        self.stream = stream
        self.shown = False
        self.last = 0

    def __call__(self, done: int, total: int, source: str) -> None:
        filled = self.WIDTH * done // max(total, 1)
        name = Path(source).name
        if len(name) > 30:
            name = name[:29] + "…"
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        text = f"检查中 {bar} {done}/{total} {name}"
        self.stream.write("\r" + text + " " * max(0, self.last - len(text)))  # blank out a longer name
        self.last = len(text)
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
