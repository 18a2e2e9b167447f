import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.statute.identity import (
    InvalidIdentity,
    mask_email,
    mask_identity,
    mask_phone,
    ric_check_digit,
    validate_resident_id,
)


def make_ric(body17: str) -> str:
    return body17 + ric_check_digit(body17)


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",
        "11010519491231002x",  # lower-case x
        "440304200002291236",  # leap day
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width, as typed in Chinese documents
        make_ric("32010219800101001"),  # Nanjing 玄武区 code with a 1980 birth: stdnum rejects, we must not
    ],
)
def test_valid_ids(number):
    assert len(validate_resident_id(number, today=dt.date(2026, 11, 25))) == 18


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "校验位"),
        ("11010519491231002", "18位"),
        (make_ric("99010519491231002"), "省级"),
        (make_ric("11010520230230001"), "出生日期"),
        (make_ric("11010520990101001"), "不合理"),
        ("1101051949123100AX", "数字"),
    ],
)
def test_invalid_ids_say_why(number, reason):
    with pytest.raises(InvalidIdentity) as info:
        validate_resident_id(number, today=dt.date(2026, 11, 25))
    assert reason in str(info.value)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)), st.integers(0, 999))
def test_any_well_formed_number_with_its_check_digit_is_valid(born, serial):
    number = make_ric(f"110105{born:%Y%m%d}{serial:03d}")
    assert validate_resident_id(number, today=dt.date(2026, 1, 1)) == number


def test_masks_hide_the_middle():
    assert mask_identity("11010519491231002X") == "110***********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_email("zhangsan@example.com") == "z***@example.com"
