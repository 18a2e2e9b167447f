"""CJK-bigram tokens, query terms and highlighting; matching is checked on a real FTS5 table."""

import html
import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.statute.search import (
    SEPARATOR,
    Term,
    fts5_match,
    highlight,
    index_text,
    normalise,
    parse_query,
    pg_tsquery,
    pg_tsvector,
    tokens,
)

S = SEPARATOR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("公开", ["公开", "开"]),
        ("政府信息公开", ["政府", "府信", "信息", "息公", "公开", "开"]),
        ("公", ["公"]),
        ("信息，公开", ["信息", "息", S, "公开", "开"]),
        ("ＡＢＣ１２３", ["abc123"]),  # full-width → half-width, lower case
        ("2024年度", ["2024", "年度", "度"]),  # adjacent runs: no separator
        ("2024 年", ["2024", S, "年"]),
        ("京政发〔2024〕3号", ["京政", "政发", "发", S, "2024", S, "3", "号"]),
        ("COVID-19疫情", ["covid", S, "19", "疫情", "情"]),
        ("snake_case", ["snake", S, "case"]),
        ("㈠总则", ["一", S, "总则", "则"]),  # NFKC: ㈠ → (一)
        ("", []),
        ("，。！？ ", []),
    ],
)
def test_index_tokens(text, expected):
    assert tokens(text) == expected
    assert index_text(text) == " ".join(expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("公开", [Term("公开", ("公开",))]),
        ("信息公开", [Term("信息公开", ("信息", "息公", "公开"))]),
        ("公", [Term("公", ("公",), prefix=True)]),
        ("征收 补偿", [Term("征收", ("征收",)), Term("补偿", ("补偿",))]),
        ("2024年", [Term("2024年", ("2024", "年"), prefix=True)]),
        ("年2024", [Term("年2024", ("年", "2024"))]),
        ("“公开”", [Term("公开", ("公开",))]),  # quotes around a term are dropped
        ("公开 公开", [Term("公开", ("公开",))]),
        ("ＡＮＤ", [Term("and", ("and",))]),
        ("信息，公开", [Term("信息,公开", ("信息", "息", S, "公开"))]),  # NFKC: ， → ,
        ("", []),
        ("   ", []),
        ('"" * : & | ! ( )', []),
    ],
)
def test_parse_query(query, expected):
    assert parse_query(query) == expected


def test_query_length_is_capped():
    assert len(parse_query(" ".join(f"词{i}" for i in range(50)))) == 10
    assert len(parse_query("公" * 500)[0].tokens) == 63


@pytest.mark.parametrize(
    ("query", "fts5", "tsquery"),
    [
        ("公开", '"公开"', "('公开')"),
        ("公", '"公" *', "('公':*)"),
        ("信息公开 2024年", '"信息 息公 公开" AND "2024 年" *', "('信息' <-> '息公' <-> '公开') & ('2024' <-> '年':*)"),
        ("京政发〔2024〕", f'"京政 政发 发 {S} 2024"', "('京政' <-> '政发' <-> '发' <2> '2024')"),
        ('a"b NEAR/3 title:x', f'"a {S} b" AND "near {S} 3" AND "title {S} x"', None),
    ],
)
def test_engine_expressions(query, fts5, tsquery):
    terms = parse_query(query)
    assert fts5_match(terms) == fts5
    if tsquery is not None:
        assert pg_tsquery(terms) == tsquery


def test_pg_vector_has_weights_positions_and_gaps():
    assert pg_tsvector([("公开", "A"), ("信息，公开", "D")]) == ("'公开':2A,8D '开':3A,9D '信息':5D '息':6D")


def test_pg_vector_caps_positions():
    vector = pg_tsvector([("公开" * 20000, "D")])
    assert "16383D" in vector and "16384" not in vector
    assert vector.count(",") <= 2 * 256


@pytest.mark.parametrize(
    ("text", "query", "width", "expected"),
    [
        ("政府信息公开", "公开", None, "政府信息<mark>公开</mark>"),
        ("<b>公开</b>&", "公开", None, "&lt;b&gt;<mark>公开</mark>&lt;/b&gt;&amp;"),
        ("信息公开，公开透明", "公开 透明", None, "信息<mark>公开</mark>，<mark>公开透明</mark>"),
        ("信息、公开", "信息，公开", None, "<mark>信息、公开</mark>"),
        ("ＡＢＣ与abcd", "abc", None, "<mark>ＡＢＣ</mark>与abcd"),  # words whole; full-width mapped back
        ("没有匹配", "公开", None, "没有匹配"),
        ("一二三四五六七八九十公开一二三四五六七八九十", "公开", 8, "…九十<mark>公开</mark>一二三四…"),
        ("公开一二三四五六七八九十", "公开", 4, "<mark>公开</mark>一二…"),
        ("一二三四五六七八九十", "公开", 4, "一二三四…"),
    ],
)
def test_highlight(text, query, width, expected):
    assert highlight(text, parse_query(query), width=width) == expected


def test_highlight_never_leaks_markup():
    text = '<script>alert("公开")</script><mark>'
    out = highlight(text, parse_query("公开 script mark"))
    assert re.sub(r"</?mark>", "", out) == ("&lt;script&gt;alert(&quot;公开&quot;)&lt;/script&gt;&lt;mark&gt;")


# -- matching, on a real FTS5 table --------------------------------------------------------------

_DB = sqlite3.connect(":memory:")
_DB.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='ascii', prefix='1')")


def fts5_matches(text: str, query: str) -> bool:
    terms = parse_query(query)
    assert terms
    with _DB:
        _DB.execute("DELETE FROM t")
        _DB.execute("INSERT INTO t(rowid, body) VALUES (1, ?)", (index_text(text),))
        return bool(_DB.execute("SELECT rowid FROM t WHERE t MATCH ?", (fts5_match(terms),)).fetchall())


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("关于政府信息公开工作的通知", "公开", True),
        ("关于政府信息公开工作的通知", "信息公开", True),
        ("关于政府信息公开工作的通知", "政府 通知", True),
        ("关于政府信息公开工作的通知", "政府 补偿", False),
        ("关于政府信息公开工作的通知", "信息工作", False),  # not adjacent
        ("信息，公开", "信息公开", False),  # not across punctuation
        ("信息，公开", "息公", False),
        ("信息，公开", "信息、公开", True),
        ("办公", "公", True),  # a lone character at the end of a run
        ("公开", "公", True),
        ("公", "公", True),
        ("办公", "办", True),
        ("办公", "开", False),
        ("2024年度预算", "2024年", True),
        ("2024年度预算", "2024", True),
        ("20245年", "2024", False),  # words match whole
        ("京政发〔2024〕3号", "京政发〔2024〕3号", True),
        ("京政发〔2024〕3号", "京政发2024", False),
        ("AND OR NEAR", "and near", True),
        ("ＡＢＣ公司", "abc公司", True),
    ],
)
def test_fts5_matching(text, query, found):
    assert fts5_matches(text, query) is found


_SMALL = "公开信息政府，、 "


def _canonical(text: str) -> str:
    return re.sub(r"[\W_]+", " ", normalise(text))


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=_SMALL, max_size=30), query=st.text(alphabet=_SMALL.replace(" ", ""), max_size=6))
def test_a_term_matches_iff_the_text_contains_it(text, query):
    term = _canonical(query).strip()
    if not term:
        assert parse_query(query) == []
        return
    assert fts5_matches(text, query) is (term in _canonical(text))


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_PIECES = st.one_of(
    _CJK,
    _CJK,
    st.sampled_from(list("，。、；：“”（）《》〔〕　 \n\t-/")),
    st.sampled_from([" abc ", " ＡＢＣ ", " 2024 ", " １２ ", " x1 "]),
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E).map(lambda c: f" {c} "),
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, min_size=2, max_size=60), data=st.data())
def test_any_substring_of_two_or_more_characters_matches(pieces, data):
    # Substrings are cut between pieces, so a Latin word is taken whole (words match whole).
    i = data.draw(st.integers(0, len(pieces) - 1))
    j = data.draw(st.integers(i + 1, len(pieces)))
    text, query = "".join(pieces), "".join(pieces[i:j])
    if len(query) < 2 or not parse_query(query):
        return
    assert fts5_matches(text, query)
    assert re.search("<mark>", highlight(text, parse_query(query)))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), query=st.text(max_size=20))
def test_no_text_or_query_breaks_the_engine_or_the_highlighter(text, query):
    terms = parse_query(query)
    if terms:
        fts5_matches(text, query)  # any Unicode at all: the MATCH expression always parses
        pg_tsquery(terms)
    marked = highlight(text, terms)
    assert html.unescape(re.sub(r"</?mark>", "", marked)) == text  # nothing lost, nothing added
    assert "<" not in re.sub(r"</?mark>", "", marked) and ">" not in re.sub(r"</?mark>", "", marked)
