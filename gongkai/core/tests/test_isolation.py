"""Untrusted files are parsed in a worker with limits; every failure is a Chinese sentence."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from gongkai.core.isolation import MB, IsolationError, Limits, check_archive, run_isolated

from . import isolated_parsers as parsers


def _zip(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_result_comes_back_from_the_worker():
    assert run_isolated(parsers.echo_length, b"abc", suffix="字节") == "3字节"


@pytest.mark.parametrize(
    ("func", "data", "limits", "code", "words"),
    [
        (parsers.refuse, b"x", Limits(), "unreadable", "这不是标准目录表格"),
        (parsers.crash, b"x", Limits(), "unreadable", "无法读取该文件"),
        (parsers.sleep_forever, b"x", Limits(seconds=1), "timeout", "用时超过1秒"),
        (parsers.eat_memory, b"x", Limits(memory=256 * MB, seconds=20), "too_large", "内存超过上限"),
        (parsers.echo_length, b"x" * 2048, Limits(max_bytes=1024), "too_large", "超过上限"),
    ],
    ids=["refused", "crashed", "timeout", "memory", "size"],
)
def test_every_failure_is_a_chinese_sentence(func, data, limits, code, words):
    with pytest.raises(IsolationError) as raised:
        run_isolated(func, data, limits=limits)
    assert words in str(raised.value)
    assert raised.value.code == code


def test_a_zip_bomb_is_refused_before_anything_is_inflated():
    bomb = _zip({"word/document.xml": b"\0" * (150 * MB)})
    assert len(bomb) < MB
    with pytest.raises(IsolationError, match="压缩炸弹") as raised:
        run_isolated(parsers.echo_length, bomb)
    assert raised.value.code == "too_large"


def test_nested_and_broken_archives():
    inner = _zip({"a.xml": os.urandom(3 * MB)})
    outer = _zip({"embedded.xlsx": inner}, compression=zipfile.ZIP_STORED)
    assert check_archive(outer, Limits()) > 6 * MB  # the embedded workbook and what it holds
    with pytest.raises(IsolationError, match="解压后超过"):
        check_archive(outer, Limits(max_unzipped=5 * MB))
    squeezed = _zip({"embedded.xlsx": _zip({"a.xml": b"\0" * (3 * MB)})}, compression=zipfile.ZIP_STORED)
    with pytest.raises(IsolationError, match="压缩比异常"):
        check_archive(squeezed, Limits())
    with pytest.raises(IsolationError, match="已损坏"):
        check_archive(b"PK\x03\x04broken", Limits())
