"""Information-processing fees (信息处理费), 国办函〔2020〕109号.

Two methods, excess-progressive, never both on one request (Art. 3). Amounts are whole yuan.
Charging is discretionary (Regulation Art. 42: 可以), so these give the maximum an agency may
charge; an agency may always decide not to charge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

FEES_IN_FORCE_FROM_YEAR = 2021


class FeeMethod(StrEnum):
    PER_REQUEST = "per_request"  # 按件计收: cumulative per applicant per calendar month
    PER_VOLUME = "per_volume"  # 按量计收: pages of one request

    @property
    def label(self) -> str:
        return {"per_request": "按件计收", "per_volume": "按量计收"}[self.value]


def per_request_price(nth_in_month: int) -> int:
    """Price of the applicant's n-th request in a calendar month: 1–10 free, 11–30 100 元,
    then each further band of 10 requests 100 元 more (31–40: 200, 41–50: 300, …)."""
    if nth_in_month < 1:
        raise ValueError("nth_in_month starts at 1")
    if nth_in_month <= 10:
        return 0
    if nth_in_month <= 30:
        return 100
    return 100 * (1 + math.ceil((nth_in_month - 30) / 10))


def per_request_total(count_in_month: int) -> int:
    """What ``count_in_month`` requests in one month cost together (45 → 5,500 元)."""
    return sum(per_request_price(n) for n in range(1, count_in_month + 1))


# (first page of the band, last page or None, price per page)
VOLUME_BANDS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


def per_volume_fee(pages: int) -> int:
    """Fee for ``pages`` pages of one request: 250 pages → 70×10 + 100×20 + 50×40 = 4,700 元."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total = 0
    for first, last, price in VOLUME_BANDS:
        if pages < first:
            break
        top = pages if last is None else min(pages, last)
        total += (top - first + 1) * price
    return total


def request_band(nth_in_month: int) -> tuple[int, int]:
    """The band (first, last) of the n-th request of a month: (1, 10), (11, 30), (31, 40), (41, 50) …"""
    if nth_in_month < 1:
        raise ValueError("nth_in_month starts at 1")
    if nth_in_month <= 10:
        return 1, 10
    if nth_in_month <= 30:
        return 11, 30
    first = 31 + (nth_in_month - 31) // 10 * 10
    return first, first + 9


@dataclass(frozen=True)
class FeeLine:
    """One charged band of a fee: ``units`` pages (or requests) from ``first`` at ``price`` 元 each."""

    first: int
    last: int
    price: int

    @property
    def units(self) -> int:
        return self.last - self.first + 1

    @property
    def subtotal(self) -> int:
        return self.units * self.price


def per_volume_lines(pages: int) -> tuple[FeeLine, ...]:
    """The charged bands ``pages`` pages reach (the free first 30 pages are not a line).

    The lines add up to per_volume_fee(pages): 250 pages → 31–100, 101–200, 201–250.
    """
    if pages < 0:
        raise ValueError("pages cannot be negative")
    lines = []
    for first, last, price in VOLUME_BANDS:
        if pages < first:
            break
        if price:
            lines.append(FeeLine(first, pages if last is None else min(pages, last), price))
    return tuple(lines)


def per_request_line(nth_in_month: int) -> FeeLine:
    """This one request, priced at its band: the 35th of the month costs 200 元 (band 31–40)."""
    return FeeLine(nth_in_month, nth_in_month, per_request_price(nth_in_month))


def yuan(amount: int) -> str:
    """11,500元: whole yuan with thousands separators, as the fee notice prints them."""
    return f"{amount:,}元"


def _pages(first: int, last: int) -> str:
    return f"第{first}页" if first == last else f"第{first}—{last}页"


def describe_calculation(method: FeeMethod, units: int) -> str:
    """How the fee of this request is reached, as printed in the fee notice.

    Per volume, every page accounted for: "共420页，第1—30页不收费；第31—100页70页×10元=700元；
    第101—200页100页×20元=2,000元；第201—420页220页×40元=8,800元；合计11,500元". Per request:
    which request of the month it is, its band and its price.
    """
    if method is FeeMethod.PER_VOLUME:
        lines = per_volume_lines(units)
        free_last = min(units, VOLUME_BANDS[0][1])
        parts = [f"{_pages(1, free_last)}不收费"] if free_last else []
        parts += [f"{_pages(ln.first, ln.last)}{ln.units}页×{ln.price}元={yuan(ln.subtotal)}" for ln in lines]
        total = sum(line.subtotal for line in lines)
        return f"共{units}页，" + "；".join([*parts, f"合计{yuan(total)}"])
    first, last = request_band(units)
    price = per_request_line(units).subtotal
    which = f"本申请为您本自然月内提出的第{units}件申请"
    if not price:
        return f"{which}，第{first}—{last}件不收费"
    return f"{which}，按第{first}—{last}件每件{yuan(price)}的标准计收，合计{yuan(price)}"


def describe_standard(method: FeeMethod) -> str:
    """The standard as printed in a fee notice."""
    if method is FeeMethod.PER_REQUEST:
        return (
            "同一申请人一个自然月内累计申请10件以下（含10件）的不收费；11—30件（含30件）的部分每件100元；"
            "31件以上的部分每增加10件、每件收费标准提高100元"
        )
    return (
        "同一申请30页以下（含30页）的不收费；31—100页（含100页）的部分每页10元；"
        "101—200页（含200页）的部分每页20元；201页以上的部分每页40元"
    )
