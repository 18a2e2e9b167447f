"""The 标准目录's 公开时限 read as rules, and what a rule expected of an item by a given day.

A 标准目录 (主动公开全清单) says for each item when it must be published, in the words of the
2019 standard guidelines: "信息形成（或变更）之日起20个工作日内", "及时公开", "每年3月底前",
"按有关规定时限公开" … ``parse_deadline`` turns such a sentence into a ``Rule``; ``assess`` takes
a rule, the documents filed under the item and today, and says which publications were expected
by today and whether each was met, met late, is overdue or not yet due.

What is never flagged (docs/decisions/0022-standard-directory.md): a rule that cannot be read
("按有关规定", "长期公开", anything unrecognised) is tracked but never overdue; an event-driven
item (N days after forming, real time) with no document filed expects nothing, since the system
cannot know that the event happened; a recurring period whose due date falls before the item
was tracked expects nothing.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .calendar import WorkCalendar

# The 26 areas of the 2019 基层政务公开标准指引 (shared/domain/standard-directory.md §1); an agency's
# own areas (机关信息, 政策文件…) are kept too, but the annual report names these as 重点领域.
KEY_AREAS = (
    "城乡规划", "重大建设项目", "公共资源交易", "财政预决算", "安全生产", "税收管理", "征地补偿",
    "国有土地上房屋征收与补偿", "农村危房改造", "环境保护", "公共文化服务", "扶贫", "救灾", "社会救助", "养老服务",
    "户籍管理", "涉农补贴", "食品药品监管", "义务教育", "医疗卫生", "市政服务", "就业", "社会保险", "公共法律服务",
    "城市综合执法", "保障性住房",
)  # fmt: skip
DITTO = {"同上", "同上。", "〃", "同前"}
# 实时/及时/即时 publication: expected the day the information forms, flagged after this many
# working days unless the agency set its own grace.
DEFAULT_REALTIME_GRACE_DAYS = 5

_CN_DIGITS = {ch: n for n, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


class Cadence(StrEnum):
    AFTER_FORMING = "after_forming"
    REAL_TIME = "real_time"
    YEARLY = "yearly"
    HALF_YEARLY = "half_yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    UNTRACKED = "untracked"


CADENCE_LABELS = {
    Cadence.AFTER_FORMING: "形成后限期公开",
    Cadence.REAL_TIME: "及时公开",
    Cadence.YEARLY: "每年公开",
    Cadence.HALF_YEARLY: "每半年公开",
    Cadence.QUARTERLY: "每季度公开",
    Cadence.MONTHLY: "每月公开",
    Cadence.UNTRACKED: "不计算时限",
}
RECURRING = frozenset({Cadence.YEARLY, Cadence.HALF_YEARLY, Cadence.QUARTERLY, Cadence.MONTHLY})


@dataclass(frozen=True)
class Rule:
    """A computable reading of a 公开时限 text.

    ``days`` counts from the forming date (AFTER_FORMING), or from the end of a period
    (recurring rules with ``after_period``); ``working_days`` says whether they are 工作日.
    A YEARLY rule is due on ``month``/``day`` of the year (``day`` 0 = the month's last day),
    or ``months_after`` months after the year ends.
    """

    cadence: Cadence
    days: int = 0
    working_days: bool = True
    month: int = 0
    day: int = 0
    months_after: int = 0
    after_period: bool = False

    def describe(self) -> str:
        """The rule in one Chinese phrase, as the staff pages show it next to the text."""
        unit = "个工作日" if self.working_days else "日"
        match self.cadence:
            case Cadence.AFTER_FORMING:
                return f"成文（形成）后{self.days}{unit}内"
            case Cadence.REAL_TIME:
                return "形成后及时公开（宽限期见本机关设置）"
            case Cadence.YEARLY if self.months_after:
                return f"每年，年度终了后{self.months_after}个月内"
            case Cadence.YEARLY if self.after_period:
                return f"每年，年度终了后{self.days}{unit}内"
            case Cadence.YEARLY:
                return f"每年{self.month}月{'底' if not self.day else f'{self.day}日'}前"
            case Cadence.UNTRACKED:
                return "无法计算具体日期，不判断逾期"
        label = {Cadence.HALF_YEARLY: "半年", Cadence.QUARTERLY: "季度", Cadence.MONTHLY: "月"}[self.cadence]
        if self.after_period:
            return f"每{label}，期满后{self.days}{unit}内"
        return f"每{label}，当期结束前"

    def as_dict(self) -> dict:
        return {
            "cadence": str(self.cadence),
            "days": self.days,
            "working_days": self.working_days,
            "month": self.month,
            "day": self.day,
            "months_after": self.months_after,
            "after_period": self.after_period,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Rule:
        if not data:
            return UNTRACKED
        return cls(**{**data, "cadence": Cadence(data["cadence"])})


UNTRACKED = Rule(Cadence.UNTRACKED)


def _number(text: str) -> int:
    """20, ２０, 二十, 十五, 三 … as an int."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS[text]


_NUM = r"([0-9０-９]+|[一二两三四五六七八九十]+)"
_DAYS = re.compile(_NUM + r"\s*(个)?\s*(工作日|自然日|日|天)")
_MONTH_DAY = re.compile(
    r"(?:每年|次年|当年)?\s*" + _NUM + r"\s*月\s*(?:份)?\s*(底|末|" + _NUM + r"\s*日)?\s*(?:前|之前|以前)"
)
_MONTHS_AFTER = re.compile(
    r"(?:年度终了|年度结束|年后|上年度结束)[^0-9０-９一二两三四五六七八九十]*" + _NUM + r"\s*个\s*月"
)
_UNTRACKED_WORDS = ("按有关规定", "按照有关规定", "按规定", "依照有关规定", "长期公开", "常态化", "动态")
_REALTIME_WORDS = ("实时", "及时", "即时", "随时", "第一时间")


def is_ditto(text: str) -> bool:
    return (text or "").strip() in DITTO


def parse_deadline(text: str) -> Rule:
    """The rule a 公开时限 text states; UNTRACKED when it names no date a system can compute.

    "同上" must be resolved by the caller (the cell above) before it gets here.
    """
    text = re.sub(r"\s+", "", text or "")
    if not text or is_ditto(text):
        return UNTRACKED
    days = _DAYS.search(text)
    n, working = (_number(days.group(1)), days.group(3) == "工作日") if days else (0, True)

    if "季度" in text or "每季" in text:
        return _periodic(Cadence.QUARTERLY, text, n, working)
    if "半年" in text:
        return _periodic(Cadence.HALF_YEARLY, text, n, working)
    if "每月" in text or "按月" in text or "月度" in text or "次月" in text:
        return _periodic(Cadence.MONTHLY, text, n, working)
    if "每年" in text or "年度" in text or "次年" in text or "年初" in text or "年底" in text:
        if after := _MONTHS_AFTER.search(text):
            return Rule(Cadence.YEARLY, months_after=_number(after.group(1)))
        if ("终了后" in text or "结束后" in text) and days:
            return Rule(Cadence.YEARLY, days=n, working_days=working, after_period=True)
        if md := _MONTH_DAY.search(text):
            month = _number(md.group(1))
            day = _number(md.group(3)) if md.group(3) else 0
            if 1 <= month <= 12 and 0 <= day <= 31:
                return Rule(Cadence.YEARLY, month=month, day=day)
        if "年底" in text:
            return Rule(Cadence.YEARLY, month=12)
        if "年初" in text:
            return Rule(Cadence.YEARLY, month=3)
    if any(word in text for word in _UNTRACKED_WORDS) and not days:
        return UNTRACKED
    if days and n > 0:
        return Rule(Cadence.AFTER_FORMING, days=n, working_days=working)
    if any(word in text for word in _REALTIME_WORDS):
        return Rule(Cadence.REAL_TIME)
    return UNTRACKED


def _periodic(cadence: Cadence, text: str, n: int, working: bool) -> Rule:
    if cadence == Cadence.MONTHLY and (by := re.search(_NUM + r"日前", text)):
        # 每月10日前（公开上月情况）/ 次月10日前: by the Nth of the following month.
        return Rule(cadence, days=_number(by.group(1)), working_days=False, after_period=True)
    after = n > 0 and any(w in text for w in ("结束后", "终了后", "期满后", "后", "次月"))
    return Rule(cadence, days=n if after else 0, working_days=working, after_period=after)


# -- what a rule expects ---------------------------------------------------------------------------


class Outcome(StrEnum):
    MET = "met"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"


OUTCOME_LABELS = {
    Outcome.MET: "按时公开",
    Outcome.LATE: "逾期后已公开",
    Outcome.OVERDUE: "已逾期未公开",
    Outcome.PENDING: "未到期",
}


@dataclass(frozen=True)
class Filing:
    """A document filed under an item: its key, 成文日期 (or another date it formed) and 发布日期."""

    key: object
    formed_on: dt.date | None
    published_on: dt.date | None


@dataclass(frozen=True)
class Expectation:
    """One publication a rule expected: what for, by when, and what happened."""

    label: str
    due_on: dt.date
    outcome: Outcome
    filing: object = None  # the Filing's key that met it (or is overdue)
    published_on: dt.date | None = None


@dataclass(frozen=True)
class Assessment:
    rule: Rule
    expectations: tuple[Expectation, ...] = ()
    published: int = 0
    latest_on: dt.date | None = None

    @property
    def tracked(self) -> bool:
        return self.rule.cadence != Cadence.UNTRACKED

    @property
    def overdue(self) -> tuple[Expectation, ...]:
        return tuple(e for e in self.expectations if e.outcome == Outcome.OVERDUE)

    @property
    def expected(self) -> tuple[Expectation, ...]:
        """The expectations due by today (met, late or overdue)."""
        return tuple(e for e in self.expectations if e.outcome != Outcome.PENDING)

    @property
    def never_published(self) -> bool:
        return self.published == 0

    def count(self, outcome: Outcome) -> int:
        return sum(e.outcome == outcome for e in self.expectations)


@dataclass(frozen=True)
class Period:
    label: str
    opens_on: dt.date
    due_on: dt.date


def _add(calendar: WorkCalendar, start: dt.date, n: int, working: bool) -> dt.date:
    if working:
        return calendar.span(start, n, provisional=True).end
    return start + dt.timedelta(days=n)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, month_calendar.monthrange(year, month)[1])


def periods(rule: Rule, first_year: int, last_year: int, calendar: WorkCalendar) -> list[Period]:
    """The periods a recurring rule expects one publication for, in the years given."""
    out: list[Period] = []
    for year in range(first_year, last_year + 1):
        if rule.cadence == Cadence.YEARLY:
            if rule.months_after:
                # 年度终了后N个月内: by the end of the Nth month of the next year.
                due = _month_end(year + (rule.months_after - 1) // 12, (rule.months_after - 1) % 12 + 1)
                out.append(Period(f"{year - 1}年度", dt.date(year, 1, 1), due))
            elif rule.after_period:
                start = dt.date(year, 1, 1)
                due = _add(calendar, dt.date(year - 1, 12, 31), rule.days, rule.working_days)
                out.append(Period(f"{year - 1}年度", start, due))
            else:
                due = _month_end(year, rule.month) if not rule.day else _safe_date(year, rule.month, rule.day)
                out.append(Period(f"{year}年", dt.date(year, 1, 1), due))
            continue
        size = {Cadence.HALF_YEARLY: 6, Cadence.QUARTERLY: 3, Cadence.MONTHLY: 1}[rule.cadence]
        for index, month in enumerate(range(1, 13, size)):
            start, end = dt.date(year, month, 1), _month_end(year, month + size - 1)
            if rule.cadence == Cadence.HALF_YEARLY:
                label = f"{year}年{'上' if index == 0 else '下'}半年"
            elif rule.cadence == Cadence.QUARTERLY:
                label = f"{year}年第{'一二三四'[index]}季度"
            else:
                label = f"{year}年{month}月"
            if rule.after_period:
                out.append(Period(label, end + dt.timedelta(days=1), _add(calendar, end, rule.days, rule.working_days)))
            else:
                out.append(Period(label, start, end))
    return out


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, month_calendar.monthrange(year, month)[1]))


def assess(
    rule: Rule,
    filings: Iterable[Filing],
    today: dt.date,
    calendar: WorkCalendar,
    *,
    since: dt.date,
    grace_days: int = DEFAULT_REALTIME_GRACE_DAYS,
) -> Assessment:
    """What ``rule`` expected of an item by ``today``, given the documents filed under it.

    ``since`` is the day the item began to be tracked: recurring periods due before it expect
    nothing. Documents published after ``today`` are treated as not yet published.
    """
    filings = sorted(filings, key=lambda f: (f.published_on or dt.date.max, f.formed_on or dt.date.max))
    published = [f for f in filings if f.published_on is not None and f.published_on <= today]
    latest = max((f.published_on for f in published), default=None)
    base = {"published": len(published), "latest_on": latest}
    if rule.cadence == Cadence.UNTRACKED:
        return Assessment(rule, **base)
    if rule.cadence in RECURRING:
        return Assessment(rule, tuple(_recurring(rule, published, today, calendar, since)), **base)
    days, working = (rule.days, rule.working_days) if rule.cadence == Cadence.AFTER_FORMING else (grace_days, True)
    expectations = []
    for filing in filings:
        shown = filing.published_on if filing.published_on and filing.published_on <= today else None
        formed = filing.formed_on or shown
        if formed is None or formed > today:
            continue  # not formed yet (a draft without 成文日期): nothing is expected of it yet
        due = _add(calendar, formed, days, working)
        expectations.append(_judge(f"成文于{formed:%Y-%m-%d}", due, filing, today))
    return Assessment(rule, tuple(expectations), **base)


def _judge(label: str, due: dt.date, filing: Filing | None, today: dt.date) -> Expectation:
    on = filing.published_on if filing is not None and filing.published_on and filing.published_on <= today else None
    key = filing.key if filing is not None else None
    if on is not None:
        return Expectation(label, due, Outcome.MET if on <= due else Outcome.LATE, key, on)
    return Expectation(label, due, Outcome.OVERDUE if today > due else Outcome.PENDING, key)


def _recurring(
    rule: Rule, published: Sequence[Filing], today: dt.date, calendar: WorkCalendar, since: dt.date
) -> list[Expectation]:
    wanted = [p for p in periods(rule, since.year - 1, today.year + 1, calendar) if since <= p.due_on]
    wanted = [p for p in wanted if p.opens_on <= today]
    unused = list(published)
    out = []
    for index, period in enumerate(wanted):
        # A late publication still counts for its period, up to the next period's due date.
        until = wanted[index + 1].due_on if index + 1 < len(wanted) else dt.date.max
        following = wanted[index + 1] if index + 1 < len(wanted) else None
        match = next(
            (
                f
                for f in unused
                if period.opens_on <= f.published_on <= until
                # A publication on time for the next period is that period's, not a late one of this.
                and (f.published_on <= period.due_on or following is None or f.published_on < following.opens_on)
            ),
            None,
        )
        if match is not None:
            unused.remove(match)
        out.append(_judge(period.label, period.due_on, match, today))
    return out


@dataclass
class Tally:
    """Counts over many assessments (a department, an agency)."""

    items: int = 0
    tracked: int = 0
    expected: int = 0
    met: int = 0
    late: int = 0
    overdue: int = 0
    overdue_items: int = 0
    never_published: int = 0

    def add(self, assessment: Assessment) -> None:
        self.items += 1
        self.tracked += assessment.tracked
        self.expected += len(assessment.expected)
        self.met += assessment.count(Outcome.MET)
        self.late += assessment.count(Outcome.LATE)
        self.overdue += assessment.count(Outcome.OVERDUE)
        self.overdue_items += bool(assessment.overdue)
        self.never_published += assessment.never_published
