"""The .docx, .pdf and .html readers and the content sniffing that chooses between them."""

from __future__ import annotations

import base64
import codecs
import io
import zipfile
import zlib

import pytest
from docx import Document
from docx.oxml import parse_xml

from gongkai.inspector.document import Table, UnreadableReport
from gongkai.inspector.readers.dispatch import read_report, sniff
from gongkai.inspector.readers.docx import read_docx
from gongkai.inspector.readers.html import read_html
from gongkai.inspector.readers.pdf import NEEDS_OCR, read_pdf


def shape(doc) -> list:
    return [b.rows if isinstance(b, Table) else b.text for b in doc.blocks]


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------- docx


def test_docx_blocks_in_document_order_with_merged_cells_once():
    document = Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 1))  # gridSpan
    table.cell(1, 2).merge(table.cell(2, 2))  # vMerge restart/continue
    table.cell(0, 0).text = "申请人情况"
    table.cell(1, 2).text = "总计"
    label = table.cell(1, 0)
    label.text = "不予"
    label.add_paragraph("公开")  # a label wrapped inside its cell
    document.add_paragraph("二、主动公开政府信息情况")

    doc = read_docx(docx_bytes(document), "merged.docx")

    assert shape(doc) == [
        "一、总体情况",
        [["申请人情况", "02"], ["不予公开", "11", "总计"], ["20", "21"]],
        "二、主动公开政府信息情况",
    ]


def test_docx_vertically_merged_cell_keeps_the_text_of_all_its_paragraphs_once():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 0).text = "三、本年度办理结果"
    table.cell(0, 1).text = "1"
    table.cell(1, 1).text = "2"
    doc = read_docx(docx_bytes(document), "v.docx")
    assert shape(doc) == [[["三、本年度办理结果", "1"], ["2"]]]


def test_docx_nested_table_is_its_own_table_after_the_outer_row():
    document = Document()
    outer = document.add_table(rows=2, cols=3)
    for r in range(2):
        for c in range(3):
            outer.cell(r, c).text = f"外{r}{c}"
    inner = outer.cell(0, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内a"
    inner.cell(0, 1).text = "内b"

    doc = read_docx(docx_bytes(document), "nested.docx")

    assert shape(doc) == [[["外00", "外01", "外02"]], [["内a", "内b"]], [["外10", "外11", "外12"]]]


def test_docx_layout_table_holding_the_report_is_read_as_flow():
    document = Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "一、总体情况"
    cell.add_paragraph("本年度工作情况。")
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "规章"
    inner.cell(0, 1).text = "0"
    cell.add_paragraph("二、主动公开政府信息情况")

    doc = read_docx(docx_bytes(document), "frame.docx")

    assert shape(doc) == ["一、总体情况", "本年度工作情况。", [["规章", "0"]], "二、主动公开政府信息情况"]


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX_RUN = f"""
<w:r xmlns:w="{W_NS}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
  <mc:AlternateContent>
    <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>
      <w:txbxContent>
        <w:p><w:r><w:t>文本框中的说明</w:t></w:r></w:p>
        <w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
          <w:tr><w:tc><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>
        </w:tbl>
      </w:txbxContent>
    </wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
    <mc:Fallback><w:pict><v:shape><v:textbox>
      <w:txbxContent>
        <w:p><w:r><w:t>文本框中的说明</w:t></w:r></w:p>
        <w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
          <w:tr><w:tc><w:p><w:r><w:t>行政复议</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>
        </w:tbl>
      </w:txbxContent>
    </v:textbox></v:shape></w:pict></mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""


def test_docx_table_in_a_text_box_is_found_once():
    document = Document()
    anchor = document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    anchor._p.append(parse_xml(TEXT_BOX_RUN))
    document.add_paragraph("五、存在的主要问题及改进情况")

    doc = read_docx(docx_bytes(document), "box.docx")

    assert shape(doc) == [
        "四、政府信息公开行政复议、行政诉讼情况",
        "文本框中的说明",
        [["行政复议", "3"]],
        "五、存在的主要问题及改进情况",
    ]


def test_docx_deleted_revisions_and_line_breaks():
    document = Document()
    p = document.add_paragraph("本年新收申请")
    p._p.append(
        parse_xml(f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="x"><w:r><w:delText>99件</w:delText></w:r></w:del>')
    )
    p.add_run("12件")
    p.add_run().add_break()
    p.add_run("下一行")
    doc = read_docx(docx_bytes(document), "rev.docx")
    assert shape(doc) == ["本年新收申请12件", "下一行"]


def test_docx_that_is_not_a_word_file_is_unreadable():
    with pytest.raises(UnreadableReport) as caught:
        read_docx(b"PK\x03\x04 not really a zip", "broken.docx")
    assert caught.value.code == "file.unreadable"


# ------------------------------------------------------------------------------------- html

CHROME_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某县人民政府2024年政府信息公开工作年度报告_政府信息公开年报_某某县人民政府门户网站</title>
<style>.x{color:red}</style><script>var nav = "一、总体情况";</script></head>
<body>
<div class="header"><div class="logo">某某县人民政府门户网站</div>
  <ul class="nav-menu"><li><a href="/">首页</a></li><li><a href="/nb">2023年政府信息公开工作年度报告</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>
<div class="main">
 <div class="sidebar"><h3>信息公开目录</h3><ul><li><a href="#1">一、总体情况</a></li><li>热点：朱镕基</li></ul>
  <table><tr><td><a href="/fy">行政复议</a></td><td><a href="/ss">行政诉讼</a></td></tr></table></div>
 <div class="article">
  <div class="article-title">某某县人民政府2024年政府信息公开工作年度报告</div>
  <div class="article-info">发布时间：2025-03-20　来源：县政府办　<span>【字体：大 中 小】</span></div>
  <div class="article-body">
   <p>　　一、总体情况</p>
   <p>　　2024年，我县共收到政府信息公开申请12件，
   均按时答复。</p>
   <p>二、主动公开政府信息情况<br>三、收到和处理政府信息公开申请情况</p>
   <table border="1">
    <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
        <td colspan="7">申请人情况</td></tr>
    <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
    <tr><td>商业<br>企业</td><td>科研
        机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
    <tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
        <td>10</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>12</td></tr>
    <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>
        <td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
    <tr><td>（三）不予公开</td><td>1.属于国家秘密</td>
        <td></td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
   </table>
   <p style="display:none">隐藏的文字</p>
  </div>
  <div class="share">分享到：微信 微博</div>
 </div>
</div>
<div class="footer">版权所有：某某县人民政府办公室 网站标识码 1234</div>
</body></html>"""


def test_html_report_body_without_site_chrome_and_spans_once():
    doc = read_html(CHROME_PAGE.encode("gbk"), "page.html")  # 镕 is GBK, not GB2312: read as GB18030

    text = doc.text
    assert text.startswith("某某县人民政府2024年政府信息公开工作年度报告")
    for chrome in ("首页", "当前位置", "信息公开目录", "版权所有", "分享到", "var nav", "隐藏的文字", "朱镕基"):
        assert chrome not in text
    assert "2024年，我县共收到政府信息公开申请12件，均按时答复。" in text  # source line break gone
    assert "二、主动公开政府信息情况" in text and "三、收到和处理政府信息公开申请情况" in text  # <br> splits
    (table,) = doc.tables
    assert table.rows == [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        ["一、本年新收政府信息公开申请数量", "10", "2", "0", "0", "0", "0", "12"],
        ["三、本年度办理结果", "（一）予以公开", "5", "1", "0", "0", "0", "0", "6"],
        ["（三）不予公开", "1.属于国家秘密", "", "0", "0", "0", "0", "0", "0"],
    ]
    assert doc.notes == []


def test_html_encoding_guessed_without_declaration_is_noted():
    page = "<html><body><h1>某某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本局认真贯彻落实条例。</p>"
    doc = read_html((page + "</body></html>").encode("gb18030"), "page.htm")
    assert "某某局2024年政府信息公开工作年度报告" in doc.text
    assert doc.notes and "编码" in doc.notes[0]


def test_html_utf8_bom_and_layout_tables():
    page = (
        "<html><body><table><tr><td>导航</td></tr></table>"
        "<table><tr><td><h2>某某镇2024年政府信息公开工作年度报告</h2><p>一、总体情况</p>"
        "<table><tr><th>信息内容</th><th>本年制发件数</th></tr><tr><td>规章</td><td>0</td></tr></table>"
        "<p>二、主动公开政府信息情况</p></td></tr></table></body></html>"
    )
    doc = read_html(codecs.BOM_UTF8 + page.encode("utf-8"), "page.html")
    assert shape(doc) == [
        "某某镇2024年政府信息公开工作年度报告",
        "一、总体情况",
        [["信息内容", "本年制发件数"], ["规章", "0"]],
        "二、主动公开政府信息情况",
    ]


# -------------------------------------------------------------------------------------- pdf


def weasy_pdf(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


PDF_PAGE = """<html><head><style>
@page { size: A4; margin: 20mm }
body { font-family: "Noto Serif CJK SC", serif; font-size: 12pt }
table { border-collapse: collapse } td { border: 1px solid black; padding: 2pt 6pt }
</style></head><body>
<h1>某某县人民政府2024年政府信息公开工作年度报告</h1>
<p>一、总体情况</p>
<table>
<tr><td colspan="2">行政复议</td><td>行政诉讼</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td>1</td><td>2</td></tr>
<tr><td>3</td><td>4</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p>
</body></html>"""


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    return weasy_pdf(PDF_PAGE)


def test_pdf_tables_with_merged_cells_once_and_text_in_reading_order(text_pdf):
    doc = read_pdf(text_pdf, "report.pdf")
    assert shape(doc) == [
        "某某县人民政府2024年政府信息公开工作年度报告",
        "一、总体情况",
        [["行政复议", "行政诉讼"], ["三、本年度办理结果", "1", "2"], ["3", "4"]],
        "五、存在的主要问题及改进情况",
    ]


PNG = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
).decode()


def test_image_only_pdf_needs_ocr():
    scan = weasy_pdf(f'<html><body><img src="data:image/png;base64,{PNG}" width="400" height="600"></body></html>')
    with pytest.raises(UnreadableReport) as caught:
        read_pdf(scan, "scan.pdf")
    assert caught.value.code == "file.needs_ocr"
    assert str(caught.value) == NEEDS_OCR


def encrypted_pdf() -> bytes:
    """A one-page PDF under the standard security handler whose user password is not empty.

    Made by hand (pypdf is not a dependency): the /O and /U entries are arbitrary, so the empty
    password a reader tries first does not open it — exactly what a password-protected report does.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789abcdef><0123456789abcdef>] >>\n" % (
        len(objects) + 1
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_encrypted_pdf_is_refused_as_encrypted():
    try:
        import pypdf  # optional: a real encrypted file when it happens to be installed
    except ImportError:
        data = encrypted_pdf()
    else:  # pragma: no cover - pypdf is not a dependency
        writer = pypdf.PdfWriter()
        writer.add_blank_page(200, 200)
        writer.encrypt("secret")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    with pytest.raises(UnreadableReport) as caught:
        read_pdf(data, "locked.pdf")
    assert caught.value.code == "file.encrypted"


def test_truncated_and_garbage_pdfs_are_unreadable(text_pdf):
    for data in (text_pdf[: len(text_pdf) // 3], b"%PDF-1.7\n" + zlib.compress(b"x" * 1000)):
        with pytest.raises(UnreadableReport) as caught:
            read_pdf(data, "broken.pdf")
        assert caught.value.code == "file.unreadable"


def test_pdf_over_the_page_limit_is_too_large(text_pdf):
    with pytest.raises(UnreadableReport) as caught:
        read_pdf(text_pdf, "long.pdf", max_pages=0)
    assert caught.value.code == "file.too_large"


# --------------------------------------------------------------------------------- dispatch


def test_old_word_doc_is_unsupported_with_advice():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(UnreadableReport) as caught:
        read_report(ole2, "报告.doc")
    assert caught.value.code == "file.unsupported"
    assert "另存为 .docx" in str(caught.value)


def test_password_protected_word_file_is_encrypted_not_old():
    container = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(64)
    with pytest.raises(UnreadableReport) as caught:
        read_report(container, "报告.docx")
    assert caught.value.code == "file.encrypted"


def test_content_decides_not_the_name(text_pdf):
    document = Document()
    document.add_paragraph("一、总体情况")
    data = docx_bytes(document)
    assert sniff(data, "报告.doc") == "docx"
    assert shape(read_report(data, "报告.doc")) == ["一、总体情况"]
    assert sniff(text_pdf, "report") == "pdf"
    assert sniff(b"<html><body><p>x</p></body></html>", "report.txt") == "html"
    assert sniff("一、总体情况\n\t申请人情况\n".encode(), "report.html") == "txt"
    assert sniff("一、总体情况\n<table> 一词\n".encode(), "report.txt") == "txt"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "file.unreadable"),
        (b"  \n ", "file.unreadable"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "file.needs_ocr"),
        (b"{\\rtf1\\ansi hello}", "file.unsupported"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100, "file.unreadable"),
    ],
    ids=["empty", "blank", "png", "rtf", "binary"],
)
def test_what_no_reader_reads(data, code):
    with pytest.raises(UnreadableReport) as caught:
        sniff(data, "x")
    assert caught.value.code == code


def test_zip_that_is_not_a_word_file_is_unsupported():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableReport) as caught:
        sniff(out.getvalue(), "表.docx")
    assert caught.value.code == "file.unsupported"


def test_mht_single_file_web_page_is_read_as_html():
    page = "<html><body><h1>某某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>"
    mht = (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="BOUNDARY"\r\n\r\n'
        "--BOUNDARY\r\n"
        'Content-Type: text/html; charset="gb2312"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(page.encode("gb2312")).decode()
        + "\r\n--BOUNDARY--\r\n"
    ).encode("ascii")
    assert sniff(mht, "报告.doc") == "mht"
    doc = read_report(mht, "报告.doc")
    assert shape(doc) == ["某某局2024年政府信息公开工作年度报告", "一、总体情况"]
