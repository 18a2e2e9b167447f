import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.statute.fees import (
    FeeMethod,
    describe_calculation,
    per_request_line,
    per_request_price,
    per_request_total,
    per_volume_fee,
    per_volume_lines,
    request_band,
)


@pytest.mark.parametrize(
    ("n", "price"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)]
)
def test_per_request_bands(n, price):
    assert per_request_price(n) == price


@pytest.mark.parametrize(("count", "total"), [(10, 0), (11, 100), (30, 2000), (45, 5500)])
def test_per_request_totals(count, total):
    assert per_request_total(count) == total  # 45 → 20×100 + 10×200 + 5×300 (regulation.md §3)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
        (1500, 54700),
        (2219, 83460),
    ],  # the last two are reported real bills (regulation.md §9.1)
)
def test_per_volume_bands(pages, fee):
    assert per_volume_fee(pages) == fee


@given(st.integers(0, 5000))
def test_per_volume_is_monotonic(pages):
    assert per_volume_fee(pages + 1) >= per_volume_fee(pages)


def test_invalid_inputs():
    with pytest.raises(ValueError):
        per_request_price(0)
    with pytest.raises(ValueError):
        per_volume_fee(-1)


@pytest.mark.parametrize(
    ("n", "band"), [(1, (1, 10)), (10, (1, 10)), (11, (11, 30)), (30, (11, 30)), (31, (31, 40)), (45, (41, 50))]
)
def test_request_bands(n, band):
    assert request_band(n) == band


@pytest.mark.parametrize(
    ("method", "units", "text"),
    [
        (
            FeeMethod.PER_VOLUME,
            420,
            "共420页，第1—30页不收费；第31—100页70页×10元=700元；第101—200页100页×20元=2,000元；"
            "第201—420页220页×40元=8,800元；合计11,500元",
        ),
        (FeeMethod.PER_VOLUME, 31, "共31页，第1—30页不收费；第31页1页×10元=10元；合计10元"),
        (
            FeeMethod.PER_VOLUME,
            120,
            "共120页，第1—30页不收费；第31—100页70页×10元=700元；第101—120页20页×20元=400元；合计1,100元",
        ),
        (FeeMethod.PER_VOLUME, 1, "共1页，第1页不收费；合计0元"),
        (
            FeeMethod.PER_REQUEST,
            12,
            "本申请为您本自然月内提出的第12件申请，按第11—30件每件100元的标准计收，合计100元",
        ),
        (
            FeeMethod.PER_REQUEST,
            35,
            "本申请为您本自然月内提出的第35件申请，按第31—40件每件200元的标准计收，合计200元",
        ),
    ],
)
def test_the_calculation_is_printed_band_by_band(method, units, text):
    assert describe_calculation(method, units) == text


@given(st.integers(0, 5000))
def test_volume_lines_add_up_to_the_fee_and_cover_every_charged_page(pages):
    lines = per_volume_lines(pages)
    assert sum(line.subtotal for line in lines) == per_volume_fee(pages)
    assert all(line.price > 0 and line.units > 0 for line in lines)
    if pages > 30:  # contiguous from the first charged page to the last page
        assert lines[0].first == 31 and lines[-1].last == pages
        assert all(a.last + 1 == b.first for a, b in itertools.pairwise(lines))
    else:
        assert lines == ()
    assert describe_calculation(FeeMethod.PER_VOLUME, pages).endswith(f"合计{per_volume_fee(pages):,}元")


@given(st.integers(1, 500))
def test_request_line_is_the_price_of_its_band(n):
    line = per_request_line(n)
    first, last = request_band(n)
    assert line.subtotal == per_request_price(n) and first <= n <= last
    assert all(per_request_price(k) == per_request_price(n) for k in (first, last))
    assert sum(per_request_line(k).subtotal for k in range(1, n + 1)) == per_request_total(n)
