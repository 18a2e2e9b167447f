"""Small real files made in memory for the attachment and link tests."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from gongkai.statute.tests.test_filetypes import make_ole2  # noqa: F401 — one OLE2 builder for both


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines=("Notice",), links=()) -> bytes:
    """A one-page PDF with ASCII text lines and URI link annotations (hand-written, no fonts embedded)."""
    content = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({_pdf_string(s)}) Tj 0 -16 Td" for s in lines) + " ET"
    annots = [
        f"<< /Type /Annot /Subtype /Link /Rect [72 {500 - 20 * i} 300 {515 - 20 * i}] /Border [0 0 0] "
        f"/A << /S /URI /URI ({_pdf_string(url)}) >> >>"
        for i, url in enumerate(links)
    ]
    first_annot = 6
    kids = " ".join(f"{first_annot + i} 0 R" for i in range(len(annots)))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        f"/Resources << /Font << /F1 5 0 R >> >> /Annots [{kids}] >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *annots,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(paragraphs=("通知",), links=()) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for url in links:
        document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(rows=(("姓名", "身份证号"),)) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 40
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 40


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_png(colour=(200, 30, 30), size=(40, 20)) -> bytes:
    from PIL import Image  # Pillow comes with WeasyPrint

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


_FOOTNOTE_MARK = "〔FOOTNOTE〕"
_FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def make_word_body(*, footnote: str = "", picture: bytes = b"", heading_style: str = "") -> bytes:
    """A Word file as an office writes one: a heading, two paragraphs, a table with merged cells,
    optionally a footnote (python-docx has no footnote API, so the part is added by hand) and a picture."""
    document = docx.Document()
    heading = document.add_heading("一、工程概况", level=1)
    if heading_style:  # as a Chinese Word names its built-in heading styles
        if heading_style not in [style.name for style in document.styles]:
            document.styles.add_style(heading_style, WD_STYLE_TYPE.PARAGRAPH)
        heading.style = document.styles[heading_style]
    first = document.add_paragraph("潭柘寺镇村道路硬化工程已于今年竣工。")
    if footnote:
        first.add_run(_FOOTNOTE_MARK)
    document.add_paragraph("详情见 https://www.gov.cn/zhengce/a.htm 。")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "金额"
    table.cell(1, 0).text, table.cell(1, 1).text = "道路硬化", "120万元"
    table.cell(2, 0).merge(table.cell(2, 1)).text = "合计120万元"
    if picture:
        document.add_picture(io.BytesIO(picture))
    out = io.BytesIO()
    document.save(out)
    if not footnote:
        return out.getvalue()
    source, result = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(
                    f"<w:t>{_FOOTNOTE_MARK}</w:t>".encode(),
                    b'<w:footnoteReference w:id="1"/>',
                )
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            target.writestr(info, data)
        target.writestr("word/footnotes.xml", _FOOTNOTES_XML.format(text=footnote))
    return result.getvalue()
