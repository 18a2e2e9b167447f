"""Attachment types are sniffed from the bytes; the extension must agree; everything else is refused."""

import io
import struct
import zipfile

import pytest

from gongkai.statute import filetypes
from gongkai.statute.filetypes import TYPES, RefusedFile, extension, identify, ole2_stream_names


def make_ole2(*stream_names: str) -> bytes:
    """A minimal OLE2 compound file (512-byte sectors: FAT in sector 0, directory in sector 1)."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))
    directory = bytearray(512)
    for i, name in enumerate(("Root Entry", *stream_names)[:4]):
        encoded = (name + "\0").encode("utf-16-le")
        entry = i * 128
        directory[entry : entry + len(encoded)] = encoded
        struct.pack_into("<HB", directory, entry + 64, len(encoded), 5 if i == 0 else 2)
    return bytes(header) + fat + bytes(directory)


def make_zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, b"<x/>")
    return out.getvalue()


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
GIF = b"GIF89a" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 20
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 20
DOCX = make_zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")
XLSX = make_zip("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml")
PPTX = make_zip("[Content_Types].xml", "ppt/presentation.xml")
OFD = make_zip("OFD.xml", "Doc_0/Document.xml")


def identify_bytes(data: bytes, name: str):
    return identify(io.BytesIO(data), name)


@pytest.mark.parametrize(
    ("data", "name", "key"),
    [
        (PDF, "通知.pdf", "pdf"),
        (PDF, "通知.PDF", "pdf"),
        (DOCX, "方案.docx", "docx"),
        (XLSX, "名单.xlsx", "xlsx"),
        (PPTX, "汇报.pptx", "pptx"),
        (OFD, "公文.ofd", "ofd"),
        (make_ole2("WordDocument", "1Table"), "旧文件.doc", "doc"),
        (make_ole2("WordDocument"), "金山文字.wps", "doc"),
        (make_ole2("Workbook"), "表格.xls", "xls"),
        (make_ole2("Book"), "老表格.xls", "xls"),
        (make_ole2("Workbook"), "金山表格.et", "xls"),
        (make_ole2("PowerPoint Document"), "幻灯片.ppt", "ppt"),
        (PNG, "图.png", "png"),
        (JPEG, "照片.jpg", "jpeg"),
        (JPEG, "照片.jpeg", "jpeg"),
        (GIF, "动图.gif", "gif"),
        (WEBP, "图.webp", "webp"),
        (MP4, "视频.mp4", "mp4"),
        (MOV, "视频.mov", "mov"),
    ],
)
def test_allowed_types_are_recognised_from_their_bytes(data, name, key):
    assert identify_bytes(data, name) is TYPES[key]


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"<!doctype html><script>alert(1)</script>", "page.html", "不能上传此类文件"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "logo.svg", "不能上传此类文件"),
        (b"alert(document.cookie)", "x.js", "不能上传此类文件"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "setup.exe", "不能上传此类文件"),
        # text or HTML renamed to an allowed extension
        (b"<html><body>hi</body></html>", "通知.pdf", "不是有效的PDF文档"),
        (b"just some text", "名单.xlsx", "不是有效的Excel表格"),
        (b"<svg/>", "图.png", "不是有效的PNG图片"),
        # a real type under another type's extension
        (PDF, "通知.docx", "与文件内容（PDF文档）不符"),
        (PNG, "照片.jpg", "与文件内容（PNG图片）不符"),
        (DOCX, "方案.pdf", "与文件内容（Word文档）不符"),
        (MOV, "视频.mp4", "与文件内容（MOV视频）不符"),
        # containers that are not one of the allowed formats
        (make_zip("a.txt", "b.html"), "资料.zip", "不能上传此类文件"),
        (make_zip("a.txt"), "方案.docx", "不是有效的Word文档"),
        (make_zip("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "宏.docx", "不是有效的"),
        (make_ole2("EncryptedPackage", "EncryptionInfo"), "加密.docx", "不是有效的"),
        (make_ole2("\x05SummaryInformation", "Binary"), "安装.doc", "不是有效的"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "照片.mp4", "不是有效的MP4视频"),
        (PDF, "通知", "没有扩展名"),
        (PDF, ".pdf", "没有扩展名"),
    ],
)
def test_everything_else_is_refused_with_a_reason(data, name, says):
    with pytest.raises(RefusedFile) as refused:
        identify_bytes(data, name)
    assert says in refused.value.message


def test_identify_leaves_the_stream_at_the_start():
    stream = io.BytesIO(DOCX)
    identify(stream, "a.docx")
    assert stream.tell() == 0


@pytest.mark.parametrize("data", [b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, make_ole2()[:700]])
def test_broken_ole2_files_are_refused_not_crashing(data):
    with pytest.raises(RefusedFile):
        identify_bytes(data, "a.doc")


def test_ole2_directory_chain_loops_are_detected():
    data = bytearray(make_ole2("WordDocument"))
    struct.pack_into("<I", data, 512 + 4, 1)  # the directory sector points at itself
    with pytest.raises(ValueError, match="broken directory chain"):
        ole2_stream_names(io.BytesIO(bytes(data)))


@pytest.mark.parametrize(
    ("name", "ext"),
    [("a.PDF", ".pdf"), ("dir/a.b.docx", ".docx"), ("c:\\x\\y.xls", ".xls"), ("noext", ""), (".pdf", "")],
)
def test_extension(name, ext):
    assert extension(name) == ext


def test_only_pdf_and_images_are_shown_inline():
    assert {t.key for t in TYPES.values() if t.inline} == {"pdf", "png", "jpeg", "gif", "webp"}


def test_each_accepted_type_is_found_again_by_its_stored_mime():
    # Attachments store the sniffed MIME; serving, scanning and the portal look the type up by it.
    assert all(filetypes.by_mime(t.mime) is t for t in filetypes.TYPES.values())
    assert filetypes.by_mime("text/html") is None
