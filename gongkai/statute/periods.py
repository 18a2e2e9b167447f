"""The Regulation's time limits, in one place.

Working-day periods are counted with statute.calendar (the start day never counts);
calendar-day dates such as the annual-report deadline are plain dates.
"""

from __future__ import annotations

import datetime as dt

SUPPLEMENT_NOTICE_WORKING_DAYS = 7  # Art. 30: one comprehensive notice within 7 WD of receipt
REPLY_WORKING_DAYS = 20  # Art. 33(2)
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33(2), approved by the head of the OGI office
CONSULTATION_WORKING_DAYS = 15  # Art. 32 (third party) and Art. 34 (co-making agency)
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号, from the day after the notice is received
# Not in the Regulation: the 意见箱's own service standard, well inside the website inspection's
# 3-month limit for valid messages (docs/decisions/0013-suggestions.md).
MESSAGE_REPLY_WORKING_DAYS = 10

# Art. 49. Values are the month-day of the year after the report year.
REPORT_DUE_JANUARY_31 = "01-31"
REPORT_DUE_MARCH_31 = "03-31"


def annual_report_deadline(report_year: int, due: str) -> dt.date:
    """The last day to publish the report on ``report_year`` (Art. 49)."""
    month, day = (int(part) for part in due.split("-"))
    return dt.date(report_year + 1, month, day)


def next_annual_report(today: dt.date, due: str) -> tuple[int, dt.date]:
    """(report year, deadline) of the next annual report still to be published after ``today``."""
    last_year = today.year - 1
    deadline = annual_report_deadline(last_year, due)
    if today <= deadline:
        return last_year, deadline
    return today.year, annual_report_deadline(today.year, due)
