"""Module-level functions the isolation tests run in a worker (importable by name, no Django)."""

from __future__ import annotations

import time

from gongkai.core.isolation import IsolationError


def echo_length(data: bytes, suffix: str = "") -> str:
    return f"{len(data)}{suffix}"


def refuse(data: bytes) -> None:
    raise IsolationError("这不是标准目录表格", "unreadable")


def crash(data: bytes) -> None:
    raise ValueError("parser bug")


def sleep_forever(data: bytes) -> None:
    time.sleep(60)


def eat_memory(data: bytes) -> int:
    chunks = []
    while True:
        chunks.append(bytearray(64 * 1024 * 1024))
