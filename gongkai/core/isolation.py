"""Parse an untrusted uploaded file in a disposable worker process, never in the web process.

An uploaded .docx, .xlsx, .zip or .csv goes to large C and pure-Python parsers (zlib, lxml,
openpyxl, mammoth). A hostile or merely broken file must cost one refusal, not the server:

- size: more than ``max_bytes`` is refused before anything is read;
- zip bombs (.docx and .xlsx are zips): the central directory is checked before anything is
  decompressed — member count, the sum of the declared uncompressed sizes and the ratio of every
  large member; nested zips count towards the same budget. zipfile never yields more bytes than a
  member declares, so the declared sizes bound what is actually inflated;
- time and memory: the parser runs in its own process (forked from a fork server, so the web
  process's state is not inherited) with an address-space and a CPU limit, and is killed when its
  wall-clock budget runs out.

Every failure is an ``IsolationError`` whose text is a Chinese sentence to show the user.

The parser is a module-level function that imports no Django and takes and returns picklable
values (bytes in, plain data out). The inspector (``gongkai.inspector.safety``) runs whole batches
the same way and shares the checks below.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import resource
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
# Members whose bytes may be zips themselves (embedded objects, a zipped workbook).
NESTED_SUFFIXES = (".zip", ".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".odt", ".ods", ".bin")


class IsolationError(Exception):
    """The file was refused or could not be parsed; ``str()`` is the Chinese sentence for the user.

    ``code`` says why, for callers that report findings: ``too_large`` (size, zip bomb, memory),
    ``unreadable`` (broken or unparseable) or ``timeout``.
    """

    def __init__(self, message: str, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB  # the uploaded file
    max_unzipped: int = 200 * MB  # a zip's members together, nested zips included
    max_ratio: int = 100  # uncompressed : compressed, for members over 1 MB
    max_members: int = 5000
    max_zip_depth: int = 2
    seconds: float = 30.0  # wall clock for the parse
    memory: int = 768 * MB  # address space the worker may add to what it starts with


DEFAULT_LIMITS = Limits()


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size < 10 * MB else f"{size // MB} MB"


# ----------------------------------------------------------------------------- pre-flight


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise IsolationError(f"文件大小为{size_text(size)}，超过上限{size_text(limits.max_bytes)}", "too_large")


def check_archive(data: bytes, limits: Limits = DEFAULT_LIMITS, *, recurse: bool = True) -> int:
    """Refuse a zip bomb before inflating anything; returns the declared uncompressed total."""
    return _check_archive(data, limits, depth=0, budget=[limits.max_unzipped], recurse=recurse)


def _check_archive(data: bytes, limits: Limits, *, depth: int, budget: list[int], recurse: bool) -> int:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as e:
        raise IsolationError("压缩包已损坏或不完整（.docx、.xlsx 文件本身就是压缩包）") from e
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise IsolationError(f"压缩包内有{len(infos)}个文件，超过上限{limits.max_members}个", "too_large")
        total = sum(info.file_size for info in infos)
        budget[0] -= total
        if budget[0] < 0:
            raise IsolationError(f"解压后超过{size_text(limits.max_unzipped)}，疑似“压缩炸弹”，已拒绝处理", "too_large")
        for info in infos:
            if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise IsolationError(
                    f"压缩包中的“{info.filename}”压缩比异常（{info.file_size // max(info.compress_size, 1)}:1），"
                    "疑似“压缩炸弹”，已拒绝处理",
                    "too_large",
                )
        if not recurse:
            return total
        for info in infos:
            if info.is_dir() or not info.filename.lower().endswith(NESTED_SUFFIXES):
                continue
            try:
                with archive.open(info) as member:
                    magic = member.read(4)
                if magic != ZIP_MAGIC:
                    continue
                if depth + 1 > limits.max_zip_depth:
                    raise IsolationError("压缩包嵌套层数过多，已拒绝处理", "too_large")
                inner = archive.read(info)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
                continue  # a broken or encrypted embedded object does not stop reading the file
            total += _check_archive(inner, limits, depth=depth + 1, budget=budget, recurse=True)
    return total


def preflight(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    check_size(len(data), limits)
    if data.startswith(ZIP_MAGIC):
        check_archive(data, limits)


# --------------------------------------------------------------------------------- worker


def apply_limits(limits: Limits) -> None:
    """In the worker: no core dumps, a CPU limit and an address-space limit."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    cpu = int(limits.seconds) + 5
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or cpu < hard:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu if hard == resource.RLIM_INFINITY else hard))
    if limits.memory:
        wanted = address_space() + limits.memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or wanted < hard:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, wanted if hard == resource.RLIM_INFINITY else hard))


def address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 512 * MB


def _child(conn, func: Callable, args: tuple, kwargs: dict, limits: Limits) -> None:
    try:
        apply_limits(limits)
        outcome = ("ok", func(*args, **kwargs))
    except IsolationError as e:
        outcome = ("refused", str(e), e.code)
    except MemoryError:
        outcome = ("memory", None)
    except RecursionError:
        outcome = ("refused", "文件结构嵌套过深，无法读取")
    except Exception as e:
        outcome = ("error", f"{type(e).__name__}: {e}"[:300], traceback.format_exc())
    try:
        conn.send(outcome)
    except Exception:
        conn.send(("memory", None))  # the result was too big for the memory left
    finally:
        conn.close()


_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
    return _CONTEXT


def run_isolated(func: Callable, *args, limits: Limits = DEFAULT_LIMITS, **kwargs) -> Any:
    """``func(*args, **kwargs)`` in a worker process, after the pre-flight checks on bytes arguments.

    ``func`` must be importable by name (module level) and import no Django. It may raise
    ``IsolationError`` with a sentence for the user; any other failure becomes a generic one.
    """
    for value in args:
        if isinstance(value, bytes | bytearray):
            preflight(bytes(value), limits)
    context = _context()
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, func, args, kwargs, limits), daemon=True)
    process.start()
    child.close()
    outcome = None
    try:
        if parent.poll(limits.seconds):
            outcome = parent.recv()
    except (EOFError, OSError):
        outcome = None
    finally:
        parent.close()
        if process.is_alive():
            process.kill()
        process.join(5)
    if outcome is None:
        if process.exitcode is not None and process.exitcode < 0 and process.exitcode != -9:
            logger.warning("isolated %s died (exit code %s)", getattr(func, "__name__", func), process.exitcode)
            raise IsolationError("读取该文件时处理进程异常退出，文件可能已损坏或过于复杂")
        raise IsolationError(f"读取该文件用时超过{limits.seconds:g}秒，已停止（文件可能过于复杂或已损坏）", "timeout")
    status, *rest = outcome
    if status == "ok":
        return rest[0]
    if status == "refused":
        raise IsolationError(*rest)
    if status == "memory":
        raise IsolationError(f"读取该文件需要的内存超过上限{size_text(limits.memory)}，已停止", "too_large")
    logger.error("isolated %s failed: %s", getattr(func, "__name__", func), rest[-1])
    raise IsolationError("无法读取该文件，文件可能已损坏或格式不符")
