"""Limits on every inspected file, and inspection in a disposable worker process.

Published reports come from anywhere and are parsed by large C and pure-Python libraries (lxml,
zlib, pdfminer), so a hostile or merely broken file must cost at most one finding:

- size: more than ``max_bytes`` → file.too_large, checked before the file is read;
- zip bombs (.docx is a zip): the central directory is checked before anything is decompressed —
  number of members, the sum of the declared uncompressed sizes, and the compression ratio of every
  large member; nested zips (embedded workbooks, zipped .docx) count towards the same budget, to
  ``max_zip_depth`` levels. zipfile never yields more bytes than a member declares, so the declared
  sizes bound what is actually inflated;
- PDFs: at most ``max_pages`` pages;
- time and memory: each file is read, extracted and checked in its own worker process (started from
  a fork server, so the parsers are imported once), with an address-space limit
  (``resource.RLIMIT_AS``) and a CPU limit, and is killed when its wall-clock budget runs out. A
  timeout, a crash or an exhausted memory limit becomes a finding for that file; the batch goes on.

The worker imports no Django, so it starts in milliseconds and runs the same in the CLI, the web
request and the background task.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import multiprocessing
import os
import resource
import time
import traceback
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from gongkai.core import isolation
from gongkai.core.isolation import ZIP_MAGIC, IsolationError, apply_limits, check_archive

from .document import ReportDocument, UnreadableReport

logger = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB  # one file
    max_unzipped: int = 200 * MB  # a zip's members together, nested zips included
    max_ratio: int = 100  # uncompressed : compressed, for members over 1 MB
    max_members: int = 5000
    max_zip_depth: int = 2  # a zip inside a zip inside the file, no deeper
    max_pages: int = 300  # PDF
    seconds: float = 60.0  # wall clock per file (read + extract + check)
    memory: int = 1024 * MB  # address space a worker may add to what it starts with
    max_files: int = 200  # files in one batch (web upload, .zip of reports)


LIMITS = Limits()  # read at call time: tests replace it


# ------------------------------------------------------------------------------- results


def unreadable_result(source: str, code: str, message: str, *, file_type: str | None = None) -> dict:
    """The report-data shape for a file that could not be inspected: one finding, no figures."""
    return {
        "file": source,
        "file_type": file_type,
        "findings": [{"code": code, "severity": "error", "message": message, "where": "文件", "cells": []}],
        "format": None,
        "year": None,
        "agency": None,
        "proactive": None,
        "requests": None,
        "remedies": None,
    }


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 10 * MB else f"{size // MB} MB"


# ----------------------------------------------------------------------------- pre-flight


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise UnreadableReport("file.too_large", f"文件大小为{_mb(size)}，超过可检查的上限{_mb(limits.max_bytes)}")


def check_zip(data: bytes, limits: Limits, *, recurse: bool = True) -> int:
    """Refuse a zip bomb before inflating anything (core.isolation's check); returns the declared total."""
    try:
        return check_archive(data, _isolation_limits(limits), recurse=recurse)
    except IsolationError as e:
        raise UnreadableReport(f"file.{e.code}", str(e)) from e


def _isolation_limits(limits: Limits) -> isolation.Limits:
    return isolation.Limits(
        max_bytes=limits.max_bytes,
        max_unzipped=limits.max_unzipped,
        max_ratio=limits.max_ratio,
        max_members=limits.max_members,
        max_zip_depth=limits.max_zip_depth,
        seconds=limits.seconds,
        memory=limits.memory,
    )


def preflight(data: bytes, limits: Limits) -> None:
    check_size(len(data), limits)
    if data.startswith(ZIP_MAGIC):
        check_zip(data, limits)


# --------------------------------------------------------------------------------- worker


def inspect_bytes(data: bytes, source: str, limits: Limits) -> tuple[dict, ReportDocument | None]:
    """Read, extract and check one file in this process (the worker calls this)."""
    from .readers.dispatch import read_report, sniff

    file_type = None
    try:
        preflight(data, limits)
        file_type = sniff(data, source)
        doc = read_report(data, source, max_pages=limits.max_pages)
    except UnreadableReport as e:
        return unreadable_result(source, e.code, str(e), file_type=file_type), None
    from .checks import inspect_document

    result = inspect_document(doc)
    return _decorate(result, source, file_type, doc), doc


def _decorate(result: dict, source: str, file_type: str | None, doc: ReportDocument) -> dict:
    result = dict(result)
    result["file"] = source
    result["file_type"] = file_type
    if doc.notes:
        result["notes"] = list(doc.notes)
    return result


def _child(conn, task: str, payload: tuple, limits: Limits) -> None:
    try:
        apply_limits(_isolation_limits(limits))
        if task == "file":
            data, source = payload
            outcome = ("ok", inspect_bytes(data, source, limits))
        else:
            from .checks import inspect_many

            outcome = ("ok", inspect_many(payload[0]))
    except MemoryError:
        outcome = ("memory", None)
    except RecursionError:
        outcome = ("error", "文件结构嵌套过深")
    except Exception as e:
        outcome = ("error", f"{type(e).__name__}: {e}"[:300], traceback.format_exc())
    status, *rest = outcome
    try:
        conn.send((status, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, *rest))
    except Exception:
        # The result could not be sent (too big for the memory left): report that instead.
        conn.send(("memory", 0, None))
    finally:
        conn.close()


_CONTEXT = None
# The largest peak resident memory (KiB) any worker of this process reported (for `make bench`).
WORKER_PEAK_KB = [0]
# Imported once by the fork server: each worker is a fork that starts with them loaded.
PRELOAD = (
    "gongkai.inspector.safety",
    "gongkai.inspector.checks",
    "gongkai.inspector.readers.dispatch",
    "gongkai.inspector.readers.docx",
    "gongkai.inspector.readers.html",
    "gongkai.inspector.readers.pdf",
    "gongkai.inspector.readers.txt",
    "docx",
    "pdfplumber",
    "pypdfium2",
    "bs4",
    "lxml.html",
    "charset_normalizer",
)


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        _CONTEXT = context
    return _CONTEXT


@dataclass
class _Job:
    index: int
    source: str
    process: multiprocessing.process.BaseProcess
    conn: object
    deadline: float


def _start(task: str, payload: tuple, limits: Limits, index: int, source: str) -> _Job:
    context = _context()
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, task, payload, limits), daemon=True)
    process.start()
    child.close()
    return _Job(index, source, process, parent, time.monotonic() + limits.seconds)


def _finish(job: _Job, *, timed_out: bool, limits: Limits):
    """("ok", value) or ("failed", code, message) for a finished or overdue job."""
    outcome = None
    if timed_out:
        job.process.kill()
    else:
        try:
            outcome = job.conn.recv()
        except (EOFError, OSError):
            outcome = None
    job.conn.close()
    job.process.join(2)
    if job.process.is_alive():
        job.process.kill()
        job.process.join(5)
    if timed_out:
        return ("failed", "file.timeout", f"检查用时超过{limits.seconds:g}秒，已停止（文件可能过于复杂或已损坏）")
    if outcome is None:
        code = job.process.exitcode
        logger.warning("inspector worker for %s died (exit code %s)", job.source, code)
        return ("failed", "file.unreadable", "读取该文件时处理进程异常退出（文件可能已损坏或过于复杂）")
    status, peak_kb, *outcome = outcome  # the worker's peak resident memory rides along
    WORKER_PEAK_KB[0] = max(WORKER_PEAK_KB[0], peak_kb)
    if status == "ok":
        return ("ok", outcome[0])
    if status == "memory":
        return ("failed", "file.too_large", f"读取该文件需要的内存超过上限{_mb(limits.memory)}，已停止")
    logger.error("inspector worker failed on %s: %s", job.source, outcome[-1])
    return ("failed", "file.unreadable", f"检查该文件时出错（{outcome[0]}），请将文件提供给系统管理员")


def _run_all(tasks: list[tuple[str, Callable[[], tuple], str]], limits: Limits, jobs: int, on_done: Callable) -> None:
    """Run each (task, payload loader, source) in a worker, at most ``jobs`` at once.

    The payload is loaded only when its worker starts, so a batch holds at most ``jobs`` files in
    memory. ``on_done(index, outcome)`` gets ("ok", value) or ("failed", code, message).
    """
    pending = list(enumerate(tasks))
    pending.reverse()
    running: dict[object, _Job] = {}
    while pending or running:
        while pending and len(running) < max(1, jobs):
            index, (task, load, source) = pending.pop()
            try:
                payload = load()
            except UnreadableReport as e:
                on_done(index, ("failed", e.code, str(e)))
                continue
            try:
                job = _start(task, payload, limits, index, source)
            except OSError as e:  # no process could be started (resources exhausted)
                logger.error("could not start an inspector worker for %s: %s", source, e)
                on_done(index, ("failed", "file.unreadable", "无法启动检查进程，请稍后重试"))
                continue
            finally:
                del payload
            running[job.conn] = job
        if not running:
            continue
        timeout = max(0.0, min(job.deadline for job in running.values()) - time.monotonic())
        for conn in wait(list(running), timeout=timeout):
            job = running.pop(conn)
            on_done(job.index, _finish(job, timed_out=False, limits=limits))
        now = time.monotonic()
        for conn, job in list(running.items()):
            if job.deadline <= now:
                running.pop(conn)
                on_done(job.index, _finish(job, timed_out=True, limits=limits))


# ----------------------------------------------------------------------------------- API

# What a file may be given as: its path, its bytes, or a function returning its bytes (read only
# when its turn comes, e.g. from the database).
Content = str | os.PathLike | bytes | Callable[[], bytes]


def load_content(content: Content, limits: Limits) -> bytes:
    """The file's bytes, refusing (UnreadableReport) a missing, unreadable or too large file."""
    if callable(content):
        content = content()
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
    else:
        data = _read_path(Path(content), limits)
    check_size(len(data), limits)
    if not data:
        raise UnreadableReport("file.unreadable", "文件为空")
    return data


def _read_path(path: Path, limits: Limits) -> bytes:
    try:
        check_size(path.stat().st_size, limits)
        with path.open("rb") as f:
            data = f.read(limits.max_bytes + 1)
    except FileNotFoundError as e:
        raise UnreadableReport("file.unreadable", "文件不存在") from e
    except IsADirectoryError as e:
        raise UnreadableReport("file.unreadable", "这是一个文件夹，不是文件") from e
    except PermissionError as e:
        raise UnreadableReport("file.unreadable", "没有读取该文件的权限") from e
    except OSError as e:
        raise UnreadableReport("file.unreadable", f"文件无法读取（{e.strerror or e}）") from e
    return data


def inspect_file(path_or_bytes: Content, source: str, *, limits: Limits | None = None) -> dict:
    """One file → its report-data dict with findings (or the unreadable shape); never raises."""
    return inspect_files([(path_or_bytes, source)], limits=limits, cross_year=False)[0]


def inspect_files(
    items: Iterable[tuple[Content, str]],
    *,
    limits: Limits | None = None,
    jobs: int = 1,
    cross_year: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    on_result: Callable[[int, dict], None] | None = None,
) -> list[dict]:
    """Each (content, source name) → a result dict, in order, with cross-year findings added.

    ``progress(done, total, source)`` and ``on_result(index, result)`` are called as each file
    finishes (before the cross-year pass). Nothing raises for a bad file.
    """
    limits = limits or LIMITS
    items = list(items)
    total = len(items)
    results: list[dict] = [{} for _ in items]
    documents: list[ReportDocument | None] = [None] * total
    done = 0

    def loader(content: Content, source: str) -> Callable[[], tuple]:
        return lambda: (load_content(content, limits), source)

    def finished(index: int, outcome) -> None:
        nonlocal done
        source = items[index][1]
        if outcome[0] == "ok":
            results[index], documents[index] = outcome[1]
        else:
            results[index] = unreadable_result(source, outcome[1], outcome[2])
        done += 1
        if on_result:
            on_result(index, results[index])
        if progress:
            progress(done, total, source)

    _run_all([("file", loader(content, source), source) for content, source in items], limits, jobs, finished)
    if cross_year:
        _add_cross_year(results, documents, limits)
    return results


def _add_cross_year(results: list, documents: list, limits: Limits) -> None:
    """Re-check the readable reports together (inspect_many) for carry-over and drift findings."""
    readable = [i for i, doc in enumerate(documents) if doc is not None]
    if len(readable) < 2:
        return
    docs = [documents[i] for i in readable]
    budget = dataclasses.replace(limits, seconds=limits.seconds + 2 * len(docs))
    outcome: list = []
    _run_all([("many", lambda: (docs,), "（跨年度检查）")], budget, 1, lambda _, o: outcome.append(o))
    if not outcome or outcome[0][0] != "ok" or len(outcome[0][1]) != len(docs):
        logger.warning("cross-year inspection failed: %s", outcome[0][1:] if outcome else "no outcome")
        return
    for index, checked in zip(readable, outcome[0][1], strict=True):
        before = results[index]
        results[index] = _decorate(checked, before["file"], before.get("file_type"), documents[index])


# ----------------------------------------------------------------------------- zip upload

REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's name; Chinese Windows zips store GBK names without the UTF-8 flag."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def reports_in_zip(data: bytes, *, limits: Limits | None = None) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The report files of an uploaded .zip as (name, bytes), and the names skipped.

    Refuses (UnreadableReport) a zip bomb or a corrupt zip as a whole; members that are not
    .txt/.docx/.pdf/.html/.htm are listed as skipped, folders and hidden files ignored. The
    declared sizes were checked first, so reading the members is bounded; each member's own
    limits (size, a .docx's zip) are checked when it is inspected.
    """
    limits = limits or LIMITS
    check_size(len(data), limits)
    check_zip(data, limits, recurse=False)
    files, skipped = [], []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = zip_member_name(info)
            base = name.rsplit("/", 1)[-1]
            if info.is_dir() or not base:
                continue
            if name.startswith("__MACOSX/") or base.startswith((".", "~$")):
                continue
            if not base.lower().endswith(REPORT_SUFFIXES):
                skipped.append(name)
                continue
            if len(files) >= limits.max_files:
                raise UnreadableReport("file.too_large", f"压缩包内的报告超过{limits.max_files}份，请分批上传")
            try:
                files.append((name, archive.read(info)))
            except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
                raise UnreadableReport("file.unreadable", f"压缩包中的“{name}”已损坏") from e
    return files, skipped
