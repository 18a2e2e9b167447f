import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.statute.fees import per_request_price, per_request_total, per_volume_fee


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
