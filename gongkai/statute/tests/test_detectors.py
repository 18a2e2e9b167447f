"""Personal-data, sensitive-word and miswriting scanners."""

import glob
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.statute.detectors import ERROR, WARNING, mask_text, scan_personal_data, scan_words
from gongkai.statute.identity import ric_check_digit

VALID_ID = "11010519491231002X"
LEAP_ID = "440304200002291236"
CARD = "6222021234567890128"  # Luhn-valid UnionPay


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f"身份证号{VALID_ID}。", ["resident_id"]),
        (f"身份证号{VALID_ID.lower()}。", ["resident_id"]),
        (f"ID:{VALID_ID}", ["resident_id"]),
        (f"No{VALID_ID}号", ["resident_id"]),
        (f"身份证号{fullwidth(VALID_ID)}。", ["resident_id"]),
        (f"出生于闰日{LEAP_ID}", ["resident_id"]),
        ("11010519491231002Y", []),
        ("110105194912310021", []),  # bad check digit
        ("990105194912310020", []),  # no such province
        (f"订单号9{VALID_ID[:-1]}99", []),  # embedded in a longer digit run
        (f"1{VALID_ID}", []),
        ("联系电话13812345678", ["mobile"]),
        ("联系电话+86 13912345678", ["mobile"]),
        ("联系电话+86-13912345678", ["mobile"]),
        (f"联系电话{fullwidth('13812345678')}", ["mobile"]),
        ("12812345678", []),
        ("010-12345678", []),
        ("138123456789", []),  # 12 digits
        (f"账号{CARD}", ["bank_card"]),
        ("账号6222 0212 3456 7890 128", ["bank_card"]),
        ("账号6222021234567890127", []),  # Luhn fails
        ("账号4111111111111111", []),  # Luhn-valid but not UnionPay
        ("2024年共受理申请123件，办结118件", []),
        (f"{VALID_ID} 与 13812345678", ["resident_id", "mobile"]),
    ],
)
def test_personal_data_table(text, kinds):
    hits = scan_personal_data(text)
    assert [h.kind for h in hits] == kinds
    for h in hits:
        assert text[h.start : h.end] == h.value
        assert h.severity == (WARNING if h.kind == "bank_card" else ERROR)


def test_masked_value_and_offsets_in_original_text():
    text = f"甲{fullwidth(VALID_ID)}乙"
    (hit,) = scan_personal_data(text)
    assert (hit.start, hit.end) == (1, 19)
    assert hit.masked == "110***********002X"
    assert mask_text(text, [hit]) == "甲" + "*" * 18 + "乙"


def test_mask_text_ignores_word_hits():
    text = "既使如此"
    assert mask_text(text, scan_words(text)) == text


def _valid_ids():
    def build(province, year, month, day, serial):
        first17 = f"{province}0101{year:04d}{month:02d}{day:02d}{serial:03d}"
        return first17 + ric_check_digit(first17)

    return st.builds(
        build,
        st.sampled_from(["11", "31", "44", "62", "65"]),
        st.integers(1930, 2010),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 999),
    )


_filler = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="0123456789０１２３４５６７８９xXｘＸ"),
    max_size=40,
).filter(lambda s: not unicodedata.normalize("NFKC", s[-1:]).isalnum() if s else True)


@settings(max_examples=200, deadline=None)
@given(before=_filler, number=_valid_ids(), after=_filler, wide=st.booleans())
def test_embedded_valid_id_is_always_found(before, number, after, wide):
    written = fullwidth(number) if wide else number
    # Keep word characters off the number's edges: 'A' + id is not a standalone number.
    text = f"{before} {written} {after}"
    hits = [h for h in scan_personal_data(text) if h.kind == "resident_id"]
    assert any(h.value == written for h in hits)


@settings(max_examples=200, deadline=None)
@given(before=_filler, number=_valid_ids(), phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), after=_filler)
def test_masking_removes_all_digits_of_hits(before, number, phone, after):
    text = f"{before} {number} ，{phone} {after}"
    hits = scan_personal_data(text)
    masked = mask_text(text, hits)
    for h in hits:
        assert not re.search(r"[0-9]", unicodedata.normalize("NFKC", masked[h.start : h.end]))
    assert not scan_personal_data(masked)


SHARED = Path(__file__).resolve().parents[3].parent / "shared"  # ../shared beside the clone, as in CI
REAL_TEXTS = sorted(glob.glob(f"{SHARED}/gov-annual-reports/*.txt") + glob.glob(f"{SHARED}/seed/*.txt"))


@pytest.mark.skipif(not REAL_TEXTS, reason="shared reports not available")
def test_real_reports_raise_no_id_or_mobile_hits():
    assert len(REAL_TEXTS) == 16
    for path in REAL_TEXTS:
        with open(path, encoding="utf-8") as f:
            hits = [h for h in scan_personal_data(f.read()) if h.kind in {"resident_id", "mobile"}]
        assert hits == [], path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("既使困难也要完成", [("miswriting", "既使", "即使")]),
        ("请按排好工作", [("miswriting", "按排", "安排")]),
        ("必需遵守有关规定", [("miswriting", "必需遵守", "必须遵守")]),
        ("截止目前已办结", [("miswriting", "截止目前", "截至目前")]),
        ("报名截止日期为5月1日", []),
        ("截至2024年底", []),
        ("生活必需品", []),
        ("其它事项与其他事项", []),
        ("本文件为内部资料", [("sensitive_word", "内部资料", "内部资料")]),
        ("即使如此，也要安排好", []),
    ],
)
def test_word_scanner(text, expected):
    hits = scan_words(text)
    assert [(h.kind, h.value, h.masked) for h in hits] == expected
    assert all(h.severity == WARNING for h in hits)


def test_word_scanner_takes_agency_lists():
    hits = scan_words("某某公司", sensitive=["某某公司"], miswritings=[])
    assert [h.kind for h in hits] == ["sensitive_word"]
