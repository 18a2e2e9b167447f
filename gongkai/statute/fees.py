"""Information-processing fees (信息处理费), 国办函〔2020〕109号.

Two methods, excess-progressive, never both on one request (Art. 3). Amounts are whole yuan.
Charging is discretionary (Regulation Art. 42: 可以), so these give the maximum an agency may
charge; an agency may always decide not to charge.
"""

from __future__ import annotations

import math
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
