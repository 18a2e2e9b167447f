"""The agency's own deadline when its OGI work is challenged: the reply (答复) in reconsideration,
the defence (答辩) in litigation. See docs/decisions/0009-remedy-deadlines.md.

Two ways of counting meet here:

- **Calendar days with the holiday rule** (民事诉讼法 Art. 85, applied to administrative
  litigation by 行政诉讼法 Art. 101 and, before 2024, to reconsideration by 行政复议法 (2017)
  Art. 40): the start day does not count; when the last day is a statutory rest day (法定休假日:
  a public holiday or an ordinary weekend day), the period ends on the first working day after
  it. A weekend day declared a make-up working day (调休上班) is a working day and ends a period.
- **Working days** (行政复议法 2023 Art. 88(2): its 三日、五日、七日、十日 are working days, not
  counting statutory rest days), counted like the Regulation's periods (statute.calendar).

No silent guessing (decision 0002): when the day that decides the result lies in a year whose
holiday schedule is not loaded, the result is provisional and says so. Calendar-day periods then
move only over the statutory holidays by law (the earliest possible date, decision 0016);
working-day periods use the provisional calendar of statute.calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .calendar import ONE_DAY, WorkCalendar
from .national_holidays import statutory_days_off

# 行政复议法 (2023 revision) Art. 90: in force 1 January 2024.
RECONSIDERATION_LAW_2023 = dt.date(2024, 1, 1)

RECONSIDERATION_REPLY_DAYS = 10  # 行政复议法 2023 Art. 48; 2017 text Art. 23
RECONSIDERATION_SIMPLIFIED_REPLY_DAYS = 5  # 行政复议法 2023 Art. 54 (simplified procedure)
LITIGATION_DEFENCE_DAYS = 15  # 行政诉讼法 Art. 67

# A run of rest days longer than this (Spring Festival with weekends is 9–10) means bad data.
MAX_REST_RUN = 31


class RemedyKind(StrEnum):
    RECONSIDERATION = "reconsideration"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration"


KIND_LABELS = {
    RemedyKind.RECONSIDERATION: "行政复议",
    RemedyKind.LITIGATION_DIRECT: "行政诉讼（未经复议直接起诉）",
    RemedyKind.LITIGATION_AFTER_RECONSIDERATION: "行政诉讼（复议后起诉）",
}


@dataclass(frozen=True)
class CalendarPeriod:
    """A period of calendar days, with the rest days its last day was moved over."""

    start: dt.date
    days: int
    nominal_end: dt.date  # start + days, before the holiday rule
    end: dt.date
    rest_days: tuple[tuple[dt.date, str], ...] = ()  # (day, holiday name or "")
    provisional_years: frozenset[int] = frozenset()

    @property
    def is_provisional(self) -> bool:
        return bool(self.provisional_years)

    def explain(self) -> str:
        parts = [f"自 {self.start.isoformat()} 次日起算 {self.days} 日（自然日），届满日 {self.nominal_end:%Y-%m-%d}"]
        if self.rest_days:
            names = sorted({name for _, name in self.rest_days if name})
            label = "、".join(names) if names else "休息日"
            parts.append(f"届满日为法定休假日（{label}），顺延至休假日后的第一日 {self.end.isoformat()}")
        if self.provisional_years:
            years = "、".join(str(y) for y in sorted(self.provisional_years))
            parts.append(
                f"{years}年节假日安排未录入：已按《全国年节及纪念日放假办法》顺延过法定节假日，"
                f"周末和补假日是否上班未知，暂按可能最早的 {self.end.isoformat()}，录入后重算"
            )
        return "；".join(parts) + "。"


def calendar_period(calendar: WorkCalendar, start: dt.date, days: int) -> CalendarPeriod:
    """``days`` calendar days after ``start``, moved off a closing rest day (民诉法 Art. 85)."""
    if days < 1:
        raise ValueError("期间应至少为1日")
    nominal = start + dt.timedelta(days=days)
    day = nominal
    rest: list[tuple[dt.date, str]] = []
    assumed: set[int] = set()
    while True:
        if calendar.is_loaded(day.year):
            workday, name = calendar.describe(day)
        else:
            # Only the days the law itself makes rest days move the end; a weekend or a substitute
            # day may still be a working day under the notice, and the agency's own deadline takes
            # the earliest possible date (decisions 0009, 0016).
            assumed.add(day.year)
            certain = statutory_days_off(day.year).get(day)
            workday, name = certain is None, certain.name if certain else ""
        if workday:
            return CalendarPeriod(start, days, nominal, day, tuple(rest), frozenset(assumed))
        rest.append((day, name))
        if len(rest) > MAX_REST_RUN:
            raise ValueError(f"{nominal.isoformat()} 之后连续 {MAX_REST_RUN} 日均为休息日，请核对节假日安排")
        day += ONE_DAY


@dataclass(frozen=True)
class ReplyDue:
    """The agency's reply/defence deadline in one remedy case, with its basis and computation."""

    due_on: dt.date
    provisional: bool
    explanation: str
    basis: str
    days: int
    working_days: bool


def reply_due(
    calendar: WorkCalendar, kind: RemedyKind | str, served_on: dt.date, *, simplified: bool = False
) -> ReplyDue:
    """When the agency's written reply (复议答复) or defence (答辩状) and its evidence are due.

    ``served_on`` is the day the agency received the copy of the application or complaint.
    ``simplified`` (reconsideration under the 2023 law only) is the simplified procedure of
    Art. 53, which OGI cases may be heard under; its reply period is 5 working days (Art. 54).
    """
    kind = RemedyKind(kind)
    if kind is RemedyKind.RECONSIDERATION and served_on >= RECONSIDERATION_LAW_2023:
        days = RECONSIDERATION_SIMPLIFIED_REPLY_DAYS if simplified else RECONSIDERATION_REPLY_DAYS
        article = "第五十四条（简易程序）" if simplified else "第四十八条"
        span = calendar.span(served_on, days, provisional=True)
        return ReplyDue(
            due_on=span.end,
            provisional=span.is_provisional,
            explanation=span.explain(),
            basis=(
                f"《行政复议法》{article}、第八十八条第二款："
                f"自收到申请书副本之日起{days}日内（工作日）提出书面答复并提交证据、依据"
            ),
            days=days,
            working_days=True,
        )
    if simplified and kind is RemedyKind.RECONSIDERATION:
        raise ValueError("2024年1月1日前的行政复议没有简易程序")
    if kind is RemedyKind.RECONSIDERATION:
        days = RECONSIDERATION_REPLY_DAYS
        basis = (
            "《行政复议法》（2017年修正）第二十三条、第四十条："
            "自收到申请书副本之日起十日内提出书面答复（期间适用民事诉讼法）"
        )
    else:
        days = LITIGATION_DEFENCE_DAYS
        basis = (
            "《行政诉讼法》第六十七条、第一百零一条：自收到起诉状副本之日起十五日内"
            "提交证据和规范性文件并提出答辩状（期间适用民事诉讼法第八十五条）"
        )
    period = calendar_period(calendar, served_on, days)
    return ReplyDue(
        due_on=period.end,
        provisional=period.is_provisional,
        explanation=period.explain(),
        basis=basis,
        days=days,
        working_days=False,
    )


# Table 四 of the annual report: the columns, in order.
OUTCOME_COLUMNS = ("maintained", "corrected", "other", "pending")


def outcome_at_year_end(outcome: str, decided_on: dt.date | None, year: int) -> str:
    """The outcome a case had on 31 December of ``year``: pending unless decided by then."""
    if outcome == "pending" or decided_on is None or decided_on > dt.date(year, 12, 31):
        return "pending"
    return outcome
