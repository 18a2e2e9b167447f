"""The .txt reader: encodings, the one-cell-per-line layout and its variants, unreadable files."""

import codecs
from pathlib import Path

import pytest

from gongkai.inspector.document import Paragraph, Table, UnreadableReport
from gongkai.inspector.readers.txt import read_txt

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SEED = SHARED / "seed" / "000_f05f5ffdb7466f3c.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared is not beside the clone")
    return SEED.read_text(encoding="utf-8")


def shape(doc):
    return [(type(b).__name__, b.text if isinstance(b, Paragraph) else b.rows) for b in doc.blocks]


@pytest.mark.parametrize(
    ("encode", "guessed"),
    [
        (lambda t: t.encode("utf-8"), False),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), False),
        (lambda t: t.encode("gbk"), True),
        (lambda t: t.encode("gb18030"), True),
        (lambda t: t.encode("utf-16"), False),  # with BOM, machine order
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), False),
        (lambda t: t.encode("utf-16-le"), True),  # no BOM: told by the NUL bytes
        (lambda t: t.encode("utf-16-be"), True),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be"],
)
def test_every_encoding_reads_the_seed_alike(seed_text, encode, guessed):
    expected = read_txt(seed_text.encode("utf-8"), "seed.txt")
    doc = read_txt(encode(seed_text), "seed.txt")
    assert shape(doc) == shape(expected)
    assert bool(doc.notes) is guessed


def test_crlf_line_ends_read_alike(seed_text):
    assert shape(read_txt(seed_text.replace("\n", "\r\n").encode(), "a.txt")) == shape(
        read_txt(seed_text.encode(), "a.txt")
    )


def test_seed_layout(seed_text):
    doc = read_txt(seed_text.encode(), "seed.txt")
    assert doc.blocks[0].text == "北京市门头沟区潭柘寺镇人民政府"
    # The converter's bookmark is not part of the heading.
    assert any(isinstance(b, Paragraph) and b.text == "一、总体情况" for b in doc.blocks)
    two, three, four = doc.tables
    assert two.rows[0] == ["第二十条第（一）项"]
    assert ["其他对外管理服务事项", "行政检查", "0", "0", "0"] in two.rows
    assert ["", "行政确认", "0", "0", "0"] in two.rows
    assert two.rows[-1] == ["政府集中采购", "31", "4176.9529万元"]
    # A label broken across lines stays one cell; the stray line is not a paragraph.
    assert ["", "（三）不予\n公开", "1.属于国家秘密", *["0"] * 7] in three.rows
    assert len(three.rows) == 26
    assert four.rows[1][0] == "结\n果\n维\n持"  # a vertical header, one character per line
    assert four.rows[-1] == ["0"] * 15
    assert not doc.notes


def test_rows_without_blank_lines_are_inferred():
    text = "二、主动公开政府信息情况\n" + "\n".join(
        "\t" + c for c in ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    )
    text += (
        "\n" + "\n".join("\t" + c for c in ["规章", "0", "", "3", "行政规范性文件", "2", "1", "9"]) + "\n三、下一节\n"
    )
    doc = read_txt(text.encode(), "t.txt")
    (table,) = doc.tables
    assert table.rows == [
        ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "", "3"],
        ["行政规范性文件", "2", "1", "9"],
    ]
    assert doc.notes and isinstance(doc.blocks[-1], Paragraph)


def test_tab_separated_rows_and_markdown_tables():
    text = "标题年度报告\n规章\t0\t0\t3\n行政许可\t12\n\n段落一\n"
    text += "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 4 |\n段落二\n"
    blocks = read_txt(text.encode(), "t.txt").blocks
    assert [type(b) for b in blocks] == [Paragraph, Table, Paragraph, Table, Paragraph]
    assert blocks[1].rows == [["规章", "0", "0", "3"], ["行政许可", "12"]]
    assert blocks[3].rows == [["信息内容", "本年制发件数"], ["规章", "4"]]


def test_a_short_line_after_a_table_is_a_paragraph_not_a_continuation():
    text = "表\n\t规章\n\t0\n单位：件\n\n五、存在的主要问题\n\t行政复议\n（一）主要问题\n\t0\n"
    blocks = read_txt(text.encode(), "t.txt").blocks
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "表",
        "单位：件",
        "五、存在的主要问题",
        "（一）主要问题",
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\n  ",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(256)) * 8,
        b"\x00\x01\x02\x03binary\x00\xff\xfe\x00\x10" * 50,
        b"just some English text, no report here\n",
    ],
    ids=["empty", "whitespace", "pdf", "zip", "png", "all-bytes", "nul-binary", "no-chinese"],
)
def test_unreadable_files_raise(data):
    with pytest.raises(UnreadableReport) as raised:
        read_txt(data, "x.txt")
    assert raised.value.code == "file.unreadable"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(raised.value))


def test_a_wrong_bom_is_unreadable():
    with pytest.raises(UnreadableReport):
        read_txt(codecs.BOM_UTF8 + "年度报告".encode("gbk"), "x.txt")
