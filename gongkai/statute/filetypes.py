"""What an attachment is, judged from its bytes: the allow-list of publishable file types.

A government site serves attachments to the public, so the type a browser is told must be the
type the bytes are. The uploaded name and the browser's Content-Type are never trusted: the type
is sniffed from the content (magic numbers, the members of a zip, the streams of an OLE2 compound
file), and the file name's extension must agree with it. Everything else — HTML, SVG, scripts,
executables, text renamed to .pdf, archives — is refused.

Plain .zip archives are refused on purpose: their content can be neither sniffed nor scanned for
personal data, and the public should be able to open every attachment without unpacking it.

Pure Python (zipfile, struct); nothing is decompressed, only directories are read.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

DOCUMENT, IMAGE, VIDEO = "document", "image", "video"
CATEGORY_LABELS = {DOCUMENT: "文档", IMAGE: "图片", VIDEO: "视频"}


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]
    category: str
    inline: bool = False  # shown in the browser (PDF, images) rather than downloaded

    @property
    def scannable(self) -> bool:
        """Whether its text can be read cheaply for the personal-data check."""
        return self.key in {"pdf", "docx", "xlsx"}


_TYPES = (
    FileType("pdf", "PDF文档", "application/pdf", (".pdf",), DOCUMENT, inline=True),
    FileType("ofd", "OFD版式文档", "application/ofd", (".ofd",), DOCUMENT),
    FileType(
        "docx",
        "Word文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
        DOCUMENT,
    ),
    FileType(
        "xlsx", "Excel表格", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), DOCUMENT
    ),
    FileType(
        "pptx",
        "PowerPoint演示文稿",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (".pptx",),
        DOCUMENT,
    ),
    # WPS Office writes its own formats in the same OLE2 container, with Word/Excel/PowerPoint streams.
    FileType("doc", "Word文档", "application/msword", (".doc", ".wps"), DOCUMENT),
    FileType("xls", "Excel表格", "application/vnd.ms-excel", (".xls", ".et"), DOCUMENT),
    FileType("ppt", "PowerPoint演示文稿", "application/vnd.ms-powerpoint", (".ppt", ".dps"), DOCUMENT),
    FileType("png", "PNG图片", "image/png", (".png",), IMAGE, inline=True),
    FileType("jpeg", "JPEG图片", "image/jpeg", (".jpg", ".jpeg"), IMAGE, inline=True),
    FileType("gif", "GIF图片", "image/gif", (".gif",), IMAGE, inline=True),
    FileType("webp", "WebP图片", "image/webp", (".webp",), IMAGE, inline=True),
    FileType("mp4", "MP4视频", "video/mp4", (".mp4", ".m4v"), VIDEO),
    FileType("mov", "MOV视频", "video/quicktime", (".mov",), VIDEO),
)
TYPES: dict[str, FileType] = {t.key: t for t in _TYPES}
_BY_MIME: dict[str, FileType] = {t.mime: t for t in _TYPES}


def by_mime(mime: str) -> FileType | None:
    """The accepted type stored as ``mime`` (attachments keep the sniffed type's MIME)."""
    return _BY_MIME.get(mime)


ALLOWED_EXTENSIONS: tuple[str, ...] = tuple(ext for t in _TYPES for ext in t.extensions)
ALLOWED_SUMMARY = "PDF、OFD、Word、Excel、PowerPoint、WPS文档，PNG、JPEG、GIF、WebP图片，MP4、MOV视频"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# ISO base media brands that browsers play as MP4; QuickTime is told apart by its own brand.
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"mmp4"}
_QT_BRAND = b"qt  "


class RefusedFile(ValueError):
    """The file is not one of the publishable types, or its name does not say what it is."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def extension(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def identify(stream: BinaryIO, name: str) -> FileType:
    """The type of the file in ``stream`` (seekable; left at 0), checked against ``name``'s extension."""
    ext = extension(name)
    if not ext:
        raise RefusedFile(f"文件名“{name}”没有扩展名，无法确认文件类型")
    stream.seek(0)
    head = stream.read(64)
    stream.seek(0)
    try:
        sniffed = sniff(head, stream)
    finally:
        stream.seek(0)
    if sniffed is None:
        if ext in ALLOWED_EXTENSIONS:
            raise RefusedFile(f"文件内容与扩展名“{ext}”不符（不是有效的{_label_for(ext)}），请检查后重新上传")
        raise RefusedFile(f"不能上传此类文件（{ext}）。附件只能是{ALLOWED_SUMMARY}")
    if ext not in sniffed.extensions:
        raise RefusedFile(f"文件扩展名“{ext}”与文件内容（{sniffed.label}）不符，请改正扩展名后重新上传")
    return sniffed


def _label_for(ext: str) -> str:
    return next(t.label for t in _TYPES if ext in t.extensions)


def sniff(head: bytes, stream: BinaryIO | None = None) -> FileType | None:
    """The type the bytes are, or None; containers (zip, OLE2) need the seekable ``stream``."""
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return TYPES["gif"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == _QT_BRAND:
            return TYPES["mov"]
        return TYPES["mp4"] if brand in _MP4_BRANDS else None
    if stream is not None and head.startswith(ZIP_MAGIC):
        return _sniff_zip(stream)
    if stream is not None and head.startswith(OLE2_MAGIC):
        return _sniff_ole2(stream)
    return None


def _sniff_zip(stream: BinaryIO) -> FileType | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "OFD.xml" in names:
        return TYPES["ofd"]
    if "[Content_Types].xml" not in names:
        return None
    # Macros are refused even in a .docx: Office would not run them, but the file would carry them.
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return None
    if "word/document.xml" in names:
        return TYPES["docx"]
    if "xl/workbook.xml" in names:
        return TYPES["xlsx"]
    if "ppt/presentation.xml" in names:
        return TYPES["pptx"]
    return None


def _sniff_ole2(stream: BinaryIO) -> FileType | None:
    try:
        names = ole2_stream_names(stream)
    except (ValueError, struct.error, OSError):
        return None
    if "WordDocument" in names:
        return TYPES["doc"]
    if "Workbook" in names or "Book" in names:
        return TYPES["xls"]
    if "PowerPoint Document" in names:
        return TYPES["ppt"]
    # Installers (.msi), Outlook messages, encrypted OOXML ("EncryptedPackage") and the like.
    return None


_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_SECTORS = 1 << 20  # a directory chain longer than this is a broken or hostile file


def ole2_stream_names(stream: BinaryIO) -> set[str]:
    """The names of the entries in an OLE2 compound file's directory ([MS-CFB] §2.2, §2.6)."""
    stream.seek(0)
    header = stream.read(512)
    if len(header) < 512 or not header.startswith(OLE2_MAGIC):
        raise ValueError("not an OLE2 file")
    sector_shift = struct.unpack_from("<H", header, 30)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << sector_shift
    fat_count, first_dir = struct.unpack_from("<II", header, 44)
    first_difat, difat_count = struct.unpack_from("<II", header, 68)
    if fat_count > _MAX_SECTORS:
        raise ValueError("too many FAT sectors")

    def sector(n: int) -> bytes:
        stream.seek(size + n * size)  # the header takes the first sector's place
        data = stream.read(size)
        if len(data) < size:
            raise ValueError("truncated sector")
        return data

    fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s not in (_FREE, _END_OF_CHAIN)]
    next_difat = first_difat
    for _ in range(min(difat_count, _MAX_SECTORS)):
        if next_difat in (_FREE, _END_OF_CHAIN):
            break
        entries = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors.extend(s for s in entries[:-1] if s not in (_FREE, _END_OF_CHAIN))
        next_difat = entries[-1]
    fat: list[int] = []
    for s in fat_sectors[:fat_count]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(s)))

    names: set[str] = set()
    current, seen = first_dir, set()
    while current not in (_FREE, _END_OF_CHAIN):
        if current in seen or current >= len(fat) or len(seen) > _MAX_SECTORS:
            raise ValueError("broken directory chain")
        seen.add(current)
        data = sector(current)
        for offset in range(0, size, 128):
            length = struct.unpack_from("<H", data, offset + 64)[0]
            if 2 <= length <= 64 and data[offset + 66] in (1, 2):  # storage or stream
                names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
        current = fat[current]
    return names
