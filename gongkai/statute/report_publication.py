"""Art. 49 as the site self-check applies it: was the annual report on the site by its deadline?

Pure Python. The deadline itself is ``periods.annual_report_deadline`` with the agency's stored
``report_due`` (decision 0003: 31 January for departments and townships, 31 March for county-level
and higher governments); this module only says which report a check on a given day asks about and
what is wrong with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .periods import annual_report_deadline

ARTICLE = "条例第四十九条"


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def due_report(on: dt.date, due: str) -> tuple[int, dt.date]:
    """(report year, deadline) of the newest report whose deadline passed before ``on``.

    The deadline day itself is still on time: a check on 31 January asks about the report due
    a year earlier.
    """
    year = on.year - 1
    if on <= annual_report_deadline(year, due):
        year -= 1
    return year, annual_report_deadline(year, due)


@dataclass(frozen=True)
class ReportProblem:
    code: str  # "report.missing" | "report.late"
    year: int
    deadline: dt.date
    published_on: dt.date | None
    message: str
    detail: str
    in_period: bool  # published late within the checked period (a missing report always counts)


def report_problem(
    *,
    on: dt.date,
    due: str,
    published: dict[int, dt.date],
    period_start: dt.date,
    period_end: dt.date,
) -> ReportProblem | None:
    """What Art. 49 finds, on ``on``, about the newest report already due; None if it was on time.

    ``published`` maps report years to the day each was first published (corrections later do
    not move that day), as far as known on ``on``.
    """
    year, deadline = due_report(on, due)
    when = f"每年{int(due.split('-')[0])}月{int(due.split('-')[1])}日前"
    published_on = published.get(year)
    if published_on is None or published_on > on:
        days = (on - deadline).days
        return ReportProblem(
            "report.missing",
            year,
            deadline,
            None,
            f"本平台未见{year}年政府信息公开工作年度报告，已超过法定公布期限{days}天（{ARTICLE}）",
            f"{ARTICLE}：年度报告应于{when}公布；{year}年度报告的期限为{_date(deadline)}",
            True,
        )
    if published_on > deadline:
        days = (published_on - deadline).days
        return ReportProblem(
            "report.late",
            year,
            deadline,
            published_on,
            f"{year}年政府信息公开工作年度报告于{_date(published_on)}公布，"
            f"晚于法定期限{_date(deadline)}{days}天（{ARTICLE}）",
            f"{ARTICLE}：年度报告应于{when}公布",
            period_start <= published_on <= period_end,
        )
    return None
