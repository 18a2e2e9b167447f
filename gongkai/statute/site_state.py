"""What the site self-check looks at: the state of an agency's portal on the check date.

Pure Python. ``sitechecks.gathering`` fills a ``SiteState`` from the database and the crawl;
``statute.sitecheck.evaluate`` judges it (and re-exports these names, its callers' one import).
What a finding is (``Severity``, ``Finding``) lives here too, so the rules split over several
modules share one vocabulary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Freshness(StrEnum):
    """How often a column must be updated (§5.1 栏目不更新)."""

    NEWS = "news"
    POLICY = "policy"
    OTHER = "other"


FRESHNESS_LABELS = {
    Freshness.NEWS: "动态、要闻类（2周内应更新）",
    Freshness.POLICY: "通知公告、政策文件类（6个月内应更新）",
    Freshness.OTHER: "无固定更新频率",
}

# Art. 20 (一) 行政法规、规章和规范性文件 and 政策解读 are the policy-document columns.
POLICY_COLUMNS = frozenset({"20-1", "interpretation"})
# The catalogue has no 动态/要闻 column yet; a column keyed here would be held to two weeks.
NEWS_COLUMNS: frozenset[str] = frozenset({"news"})


def column_freshness(key: str) -> Freshness:
    if key in NEWS_COLUMNS:
        return Freshness.NEWS
    if key in POLICY_COLUMNS:
        return Freshness.POLICY
    return Freshness.OTHER


class Severity(StrEnum):
    VETO = "veto"
    DEDUCTION = "deduction"
    WARNING = "warning"  # not an indicator: something the site says that staff must verify
    INFO = "info"


SEVERITY_LABELS = {
    Severity.VETO: "单项否决",
    Severity.DEDUCTION: "扣分项",
    Severity.WARNING: "需核实",
    Severity.INFO: "提示",
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    indicator: str
    message: str
    details: tuple[str, ...] = ()


# -- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column (栏目) of the portal: how many items it shows and the newest dated one."""

    key: str
    title: str
    count: int
    newest_on: dt.date | None  # items without a date count as not updated (§5.2)
    freshness: Freshness | None = None
    # 本机关无此类信息: the agency declared it has nothing for this column, and why.
    no_information: str = ""

    @property
    def cls(self) -> Freshness:
        return self.freshness or column_freshness(self.key)


@dataclass(frozen=True)
class PublicDocument:
    ref: str  # 索引号 or another handle a person can look up
    title: str
    written_on: dt.date | None
    published_on: dt.date | None


@dataclass(frozen=True)
class BrokenLink:
    class Place(StrEnum):
        HOMEPAGE = "homepage"
        PAGE = "page"
        DOCUMENT = "document"

    place: Place
    url: str
    found_on: str  # the page path, or the document the link is in
    status: int | None = None
    error: str = ""


@dataclass(frozen=True)
class Message:
    """A valid 意见箱 message (invalid ones are not passed in)."""

    ref: str
    received_on: dt.date
    due_on: dt.date | None
    replied_on: dt.date | None


@dataclass(frozen=True)
class SiteState:
    checked_on: dt.date
    period_start: dt.date
    period_end: dt.date
    homepage_status: int | None  # None: the homepage could not be requested at all
    homepage_newest_on: dt.date | None
    columns: list[Column] = field(default_factory=list)
    documents: list[PublicDocument] = field(default_factory=list)
    broken_links: list[BrokenLink] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    has_consultation_channel: bool = False
    homepage_ms: int | None = None
    pages_crawled: int = 0
    links_checked: int = 0
    crawl_truncated: bool = False
    document_links_checked: int = 0
    document_links_unchecked: int = 0
    # Art. 49: the agency's report deadline ("01-31"/"03-31"; None: not judged) and, per report
    # year, the day its annual report was first published on the site.
    report_due: str | None = None
    annual_reports: dict[int, dt.date] = field(default_factory=dict)
    # The 标准目录 (None: not looked at, as in checks stored before it was).
    directory: DirectoryState | None = None


@dataclass(frozen=True)
class DirectoryArea:
    """One area (领域) of the agency's 标准目录 on the check date (statute.directory's Tally)."""

    area: str
    items: int
    met: int  # publications the 时限 rules expected by the check date and got on time
    late: int  # ... and got after their 时限
    overdue: int  # ... and still lack
    never_published: int  # items with no document published under them at all


@dataclass(frozen=True)
class DirectoryOverdue:
    """An item with at least one publication past its 时限 and not yet made."""

    area: str
    item: str  # 一级事项／二级事项
    department: str  # the responsible department (责任科室), or the list's 公开主体
    due: tuple[str, ...]  # each overdue publication: what for and by when


@dataclass(frozen=True)
class DirectoryState:
    """The agency's 标准目录 compliance as of the check date.

    ``expected``: the agency is one assessed on the 基层政务公开标准目录 (a township, or a
    county-level government department; docs/decisions/0022-standard-directory.md, addendum).
    """

    expected: bool
    areas: tuple[DirectoryArea, ...] = ()
    overdue: tuple[DirectoryOverdue, ...] = ()

    @property
    def kept(self) -> bool:
        return bool(self.areas)
