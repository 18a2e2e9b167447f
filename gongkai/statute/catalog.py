"""Proactive-disclosure catalogue rules (Regulation Arts. 20, 21, 26): items, 索引号, 发文字号, dates.

Pure Python: the catalog app stores documents, this module says what is right about them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from .calendar import WorkCalendar

# Art. 20: the fifteen items every agency publishes proactively (exact wording, regulation.md §1.1).
ART20_ITEMS: dict[str, str] = {
    "20-1": "（一）行政法规、规章和规范性文件",
    "20-2": "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "20-3": "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策",
    "20-4": "（四）国民经济和社会发展统计信息",
    "20-5": "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "20-6": "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "20-7": "（七）财政预算、决算信息",
    "20-8": "（八）行政事业性收费项目及其依据、标准",
    "20-9": "（九）政府集中采购项目的目录、标准及实施情况",
    "20-10": "（十）重大建设项目的批准和实施情况",
    "20-11": "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "20-12": "（十二）突发公共事件的应急预案、预警信息及应对情况",
    "20-13": "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "20-14": "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果",
    "20-15": "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
}

# Art. 21: extra items for districted-city and county governments (and their departments) ...
ART21_COUNTY_ITEMS: dict[str, str] = {
    "21-county-1": "市政建设",
    "21-county-2": "公共服务",
    "21-county-3": "公益事业",
    "21-county-4": "土地征收",
    "21-county-5": "房屋征收",
    "21-county-6": "治安管理",
    "21-county-7": "社会救助",
}
# ... and for township governments.
ART21_TOWNSHIP_ITEMS: dict[str, str] = {
    "21-township-1": "贯彻落实农业农村政策",
    "21-township-2": "农田水利工程建设运营",
    "21-township-3": "农村土地承包经营权流转",
    "21-township-4": "宅基地使用情况审核",
    "21-township-5": "土地征收",
    "21-township-6": "房屋征收",
    "21-township-7": "筹资筹劳",
    "21-township-8": "社会救助",
}

ALL_ITEMS: dict[str, str] = {
    **ART20_ITEMS,
    **{k: f"第二十一条（设区的市、县级）：{v}" for k, v in ART21_COUNTY_ITEMS.items()},
    **{k: f"第二十一条（乡镇）：{v}" for k, v in ART21_TOWNSHIP_ITEMS.items()},
}


def items_for_level(level: str) -> dict[str, str]:
    """The items an agency at ``level`` (organisations' Agency.Level value) may file under."""
    items = dict(ART20_ITEMS)
    if level in {"city", "district", "county"}:
        items.update({k: ALL_ITEMS[k] for k in ART21_COUNTY_ITEMS})
    elif level == "township":
        items.update({k: ALL_ITEMS[k] for k in ART21_TOWNSHIP_ITEMS})
    return items


# -- 索引号 ------------------------------------------------------------------------------------

INDEX_NUMBER = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}/[0-9]{4}-[0-9]{5}$")


def format_index_number(uscc: str, year: int, n: int) -> str:
    """索引号 `USCC/YYYY-NNNNN`: the agency's code, the year, a per-agency-year sequence."""
    if not 1 <= n <= 99999:
        raise ValueError("索引号序号应在1至99999之间")
    return f"{uscc}/{year:04d}-{n:05d}"


# -- 发文字号 ----------------------------------------------------------------------------------

_DOCNO = re.compile(r"^(?P<prefix>[^\s〔〕]+?)〔(?P<year>[0-9]{4})〕(?P<n>[0-9]+)号$")
_WRONG_BRACKETS = re.compile(r"(?P<open>[【\[(（｛{<《［〖])\s*(?P<year>[0-9]{4})\s*(?P<close>[】\])）｝}>》］〗])")


def check_document_number(number: str, *, written_on: dt.date | None = None, today: dt.date | None = None) -> list[str]:
    """Problems (Chinese) with a 发文字号 such as 门政发〔2024〕3号; an empty list means it is fine.

    GB/T 9704: the year is in full-width hexagonal brackets 〔〕, the number has no leading zeros
    and ends with 号.
    """
    raw = (number or "").strip()
    if not raw:
        return []
    value = unicodedata.normalize("NFKC", raw).replace(" ", "")
    # NFKC leaves 〔〕 alone but turns full-width （） into (), so report brackets from the raw text.
    problems: list[str] = []
    wrong = _WRONG_BRACKETS.search(raw)
    if wrong:
        problems.append(f"发文字号年份应使用六角括号“〔〕”，不应使用“{wrong.group('open')}{wrong.group('close')}”")
        value = _WRONG_BRACKETS.sub(lambda m: f"〔{m.group('year')}〕", value)
    match = _DOCNO.match(value)
    if not match:
        if not problems:
            problems.append("发文字号格式应为“机关代字〔年份〕序号号”，如“门政发〔2024〕3号”")
        return problems
    year, n = int(match.group("year")), match.group("n")
    if n.startswith("0"):
        problems.append(f"发文字号序号不编虚位，“{n}”应写作“{int(n)}”" if int(n) else "发文字号序号不能为0")
    today = today or dt.date.today()  # noqa: DTZ011 — a calendar date
    if year < 1949 or year > today.year + 1:
        problems.append(f"发文字号中的年份“{year}”不合理")
    elif written_on is not None and year != written_on.year:
        problems.append(f"发文字号年份“{year}”与成文日期年份“{written_on.year}”不一致")
    return problems


# -- dates -------------------------------------------------------------------------------------

ART26_WORKING_DAYS = 20


@dataclass(frozen=True)
class Timeliness:
    working_days: int | None
    late: bool
    provisional: bool
    message: str


def check_dates(*, written_on: dt.date | None, published_on: dt.date | None) -> list[str]:
    if written_on and published_on and published_on < written_on:
        return [f"发布日期（{published_on.isoformat()}）早于成文日期（{written_on.isoformat()}）"]
    return []


def check_timeliness(*, written_on: dt.date, published_on: dt.date, calendar: WorkCalendar) -> Timeliness:
    """Art. 26: publish within 20 working days of the information being formed or changed.

    When a year on the way has no loaded holiday schedule, Mon–Fri less the days off by law are
    counted as working days and the result is marked provisional (docs/decisions/0002, 0016).
    """
    if published_on <= written_on:
        return Timeliness(0, False, False, "")
    due = calendar.span(written_on, ART26_WORKING_DAYS, provisional=True)
    late = published_on > due.end
    # Count working days for the message, provisionally in unloaded years (decision 0016).
    count, day = 0, written_on
    while day < published_on and count <= 9999:
        day += dt.timedelta(days=1)
        count += calendar.is_workday_provisional(day)
    provisional = due.is_provisional or any(
        not calendar.is_loaded(y) for y in range(written_on.year, published_on.year + 1)
    )
    message = ""
    if late:
        message = (
            f"成文日期 {written_on.isoformat()} 至发布日期 {published_on.isoformat()} 已过 {count} 个工作日，"
            f"超过条例第二十六条规定的{ART26_WORKING_DAYS}个工作日（应于 {due.end.isoformat()} 前公开）"
        )
        if provisional:
            message += "（部分年份节假日安排未录入，暂按《全国年节及纪念日放假办法》排除法定节假日计算，调休安排未知）"
    return Timeliness(count, late, provisional, message)
