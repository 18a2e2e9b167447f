"""Reading a letter's PDF back: page count and fonts from the raw objects (WeasyPrint deflates
them into object streams), the text of each page with pdfplumber, and the .docx laid out by
LibreOffice for comparison."""

import io
import pathlib
import re
import shutil
import subprocess
import uuid
import zlib


def inflated(pdf: bytes) -> bytes:
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", inflated(pdf)))


def font_names(pdf: bytes) -> set[str]:
    return {name.decode() for name in re.findall(rb"/BaseFont\s*/([\w+.-]+)", inflated(pdf))}


# --- reading pages back (pdfplumber) and laying .docx out with LibreOffice -----------------

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, line by line as laid out."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def libreoffice_pdfs(docx_files: dict[str, bytes], workdir: pathlib.Path) -> dict[str, bytes]:
    """Each .docx laid out by LibreOffice (one soffice run for all: it takes about a second a
    file); skips the calling test when soffice is not installed."""
    import pytest

    if not pathlib.Path(SOFFICE).exists():
        pytest.skip("LibreOffice (soffice) is not installed: the .docx layout cannot be checked")
    source = workdir / "docx"
    out = workdir / "pdf"
    source.mkdir(parents=True, exist_ok=True)
    for name, data in docx_files.items():
        (source / f"{name}.docx").write_bytes(data)
    # A profile of its own, so runs in parallel (and a desktop LibreOffice) do not clash.
    profile = (workdir / f"lo-{uuid.uuid4().hex}").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out)]
        + [str(source / f"{name}.docx") for name in docx_files],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: (out / f"{name}.pdf").read_bytes() for name in docx_files}
