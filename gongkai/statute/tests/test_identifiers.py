import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.statute.identifiers import (
    InvalidCode,
    make_uscc,
    organization_code_check_digit,
    uscc_organization_type,
    validate_uscc,
)

VALID = make_uscc("110109", "12345678")  # 111101091234567885, the code the contract check uses


@pytest.mark.parametrize(
    "code",
    [
        VALID,
        "91110000600037341L",  # a real enterprise code (stdnum's own example)
        "91110105MA01AB3CXM",
        " 9111 0105 ma01ab3cxm ",  # spaces and lower case are normalised
    ],
)
def test_valid_codes_are_accepted_and_normalised(code):
    assert validate_uscc(code) == code.replace(" ", "").upper()


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("11110109123456788", "18位"),
        (VALID[:-1] + ("0" if VALID[-1] != "0" else "1"), "校验位"),
        ("I1110109123456788" + "5", "字符"),
        ("123456789012345678", "组织机构代码"),  # passes stdnum's check character alone
        (make_uscc("110109", "12345678", authority="9", kind="9"), "前两位"),
        (make_uscc("990109", "12345678"), "省级"),
        ("", "18位"),
    ],
)
def test_invalid_codes_say_why(code, reason):
    with pytest.raises(InvalidCode) as info:
        validate_uscc(code)
    assert reason in str(info.value)


def test_organization_code_check_digit_known_values():
    # The embedded organisation code of a real, published enterprise code, and our test code.
    assert organization_code_check_digit("60003734") == "1"  # from 91110000600037341L
    assert organization_code_check_digit("12345678") == "8"


def test_declared_type():
    assert uscc_organization_type(VALID) == "机关"
    assert uscc_organization_type("91110000600037341L") == "企业"


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18))
def test_random_strings_are_rarely_accepted_and_never_crash(code):
    try:
        validate_uscc(code)
    except InvalidCode:
        return
    # Anything accepted must satisfy every rule we state.
    assert organization_code_check_digit(code[8:16]) == code[16]


def test_random_strings_acceptance_rate_is_far_below_stdnum():
    import random

    rng = random.Random(7)
    alphabet = "0123456789"
    accepted = sum(1 for _ in range(20000) if _accepts("".join(rng.choice(alphabet) for _ in range(18))))
    # stdnum alone passes about 3.2 %; the extra checks must cut that by an order of magnitude.
    assert accepted / 20000 < 0.003


def _accepts(code: str) -> bool:
    try:
        validate_uscc(code)
    except InvalidCode:
        return False
    return True
