"""The annual report (年度报告): both official formats, the JSON exchange shape and the rules.

One implementation for the report builder (figures from records) and the report inspector
(figures read from a published report): both produce the dict of shared/domain/report-data.md
and run ``rules.check`` on it.
"""

from .formats import FORMAT_2019, FORMAT_2021, FORMATS, ReportFormat, format_for_year
from .rules import Finding, check

__all__ = ["FORMATS", "FORMAT_2019", "FORMAT_2021", "Finding", "ReportFormat", "check", "format_for_year"]
