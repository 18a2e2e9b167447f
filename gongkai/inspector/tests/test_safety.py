"""Limits on inspected files: every bad file costs one finding, never the batch."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from docx import Document

from gongkai.inspector import safety
from gongkai.inspector.document import UnreadableReport
from gongkai.inspector.safety import MB, Limits, check_zip, inspect_file, inspect_files, reports_in_zip

REPORT_TEXT = "\n".join(
    [
        "某某县人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度认真贯彻落实《条例》。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
)


def codes(result: dict) -> list[str]:
    return [f["code"] for f in result["findings"]]


def docx_bytes() -> bytes:
    document = Document()
    for line in REPORT_TEXT.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def bomb_docx(size: int = 20 * MB) -> bytes:
    """A real .docx with one extra part that inflates ~1000:1 (zeros)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    members["word/media/padding.bin"] = bytes(size)
    return zip_of(members)


def test_a_readable_file_gets_its_report_data_and_the_file_name():
    result = inspect_file(docx_bytes(), "某某县.docx")
    assert result["file"] == "某某县.docx"
    assert result["file_type"] == "docx"
    assert result["agency"] == "某某县人民政府"
    assert result["year"] == 2024
    assert not any(code.startswith("file.") for code in codes(result))


def test_zip_bomb_docx_is_refused_before_inflating():
    data = bomb_docx()
    assert len(data) < MB
    result = inspect_file(data, "bomb.docx")
    assert codes(result) == ["file.too_large"]
    assert "压缩" in result["findings"][0]["message"]
    assert result["format"] is None and result["requests"] is None


def test_zip_total_and_nesting_limits():
    small = Limits(max_unzipped=100_000)
    with pytest.raises(UnreadableReport) as caught:
        check_zip(zip_of({"a.xml": b"<a/>" * 30_000}), small)
    assert caught.value.code == "file.too_large"
    nested = zip_of({"x.zip": zip_of({"y.zip": zip_of({"z.zip": zip_of({"deep.txt": b"x"})})})})
    with pytest.raises(UnreadableReport) as caught:
        check_zip(nested, Limits())
    assert "嵌套" in str(caught.value)
    assert check_zip(zip_of({"word/embeddings/book.xlsx": zip_of({"xl/workbook.xml": b"<w/>"})}), Limits()) > 0


@pytest.mark.parametrize(
    ("make", "name", "code"),
    [
        (lambda: b"", "empty.txt", "file.unreadable"),
        (lambda: docx_bytes()[:2000], "truncated.docx", "file.unreadable"),
        (lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty", "cut.pdf", None),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "old.doc", "file.unsupported"),
    ],
    ids=["zero-bytes", "truncated-docx", "truncated-pdf", "doc"],
)
def test_broken_files_become_one_finding(make, name, code):
    result = inspect_file(make(), name)
    assert result["file"] == name
    assert len(result["findings"]) == 1
    assert codes(result)[0] == (code or codes(result)[0])
    assert codes(result)[0] in ("file.unreadable", "file.unsupported")
    assert result["findings"][0]["where"] == "文件"


def test_size_limit_checked_before_reading(monkeypatch, tmp_path):
    monkeypatch.setattr(safety, "LIMITS", dataclasses.replace(safety.LIMITS, max_bytes=1000))
    big = tmp_path / "big.txt"
    big.write_bytes(REPORT_TEXT.encode() * 20)
    assert codes(inspect_file(big, "big.txt")) == ["file.too_large"]
    assert codes(inspect_file(big.read_bytes(), "big.txt")) == ["file.too_large"]
    assert codes(inspect_file(tmp_path / "missing.txt", "missing.txt")) == ["file.unreadable"]


def test_timeout_of_each_file_is_a_finding_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setattr(safety, "LIMITS", dataclasses.replace(safety.LIMITS, seconds=0.0))
    files = [(docx_bytes(), "a.docx"), (b"", "empty.txt"), (REPORT_TEXT.encode(), "b.txt")]
    results = inspect_files(files)
    assert [r["file"] for r in results] == ["a.docx", "empty.txt", "b.txt"]
    assert codes(results[0]) == ["file.timeout"]
    assert codes(results[1]) == ["file.unreadable"]  # refused before any worker ran
    assert codes(results[2]) == ["file.timeout"]
    monkeypatch.undo()
    assert not any(c.startswith("file.") for c in codes(inspect_file(REPORT_TEXT.encode(), "b.txt")))


def test_a_worker_out_of_memory_is_a_finding(monkeypatch):
    monkeypatch.setattr(safety, "LIMITS", dataclasses.replace(safety.LIMITS, memory=256 * 1024))
    big = (REPORT_TEXT + "\n") * 20_000  # ~3 MB of text: more than the worker may allocate
    results = inspect_files([(big.encode(), "a.txt"), (big.encode("gb18030"), "b.txt")], jobs=2)
    assert [r["file"] for r in results] == ["a.txt", "b.txt"]
    for result in results:  # MemoryError caught in the worker, or the worker killed: one finding either way
        assert codes(result) in (["file.too_large"], ["file.unreadable"])
        assert "内存" in result["findings"][0]["message"] or "异常退出" in result["findings"][0]["message"]


def test_progress_and_results_reported_as_files_finish():
    seen, progress = {}, []
    results = inspect_files(
        [(REPORT_TEXT.encode(), "a.txt"), (b"", "b.txt")],
        jobs=2,
        progress=lambda done, total, source: progress.append((done, total)),
        on_result=lambda index, result: seen.setdefault(index, result["file"]),
    )
    assert sorted(progress) == [(1, 2), (2, 2)]
    assert seen == {0: "a.txt", 1: "b.txt"}
    assert len(results) == 2


class WindowsZipInfo(zipfile.ZipInfo):
    """A member name stored in GBK without the UTF-8 flag, as Chinese Windows zips do."""

    def _encodeFilenameFlags(self):  # zipfile's own (private) hook
        return self.filename.encode("gbk"), self.flag_bits


def test_reports_in_an_uploaded_zip():
    gbk_name = "某县2024年报告.txt"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(WindowsZipInfo(gbk_name), REPORT_TEXT.encode())
        archive.writestr("sub/b.docx", docx_bytes())
        archive.writestr("notes.xlsx", b"x")
        archive.writestr("__MACOSX/._b.docx", b"x")
        archive.writestr(".DS_Store", b"x")
    files, skipped = reports_in_zip(out.getvalue())
    assert [name for name, _ in files] == [gbk_name, "sub/b.docx"]
    assert skipped == ["notes.xlsx"]
    with pytest.raises(UnreadableReport):
        reports_in_zip(zip_of({"a.txt": bytes(20 * MB)}))
    with pytest.raises(UnreadableReport):
        reports_in_zip(b"PK\x03\x04 broken")
