"""Cell texts of the report tables: normalising labels, telling labels from values, parsing values.

Published reports misprint, renumber, re-punctuate and break labels across lines, so every label
is compared after ``normalize_label`` (NFKC, no whitespace, no leading numbering, no punctuation),
then by exact text, by the words that identify a row, and last by similarity.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from gongkai.statute.reports.formats import FORMAT_2019, FORMAT_2021

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[、，,。.：:；;！!？?“”\"'‘’()\[\]【】《》<>〈〉—\-_·・/\\|~～…]")
# "三、" "（三）" "(3)" "3." "3、" "3" before a label; Chinese numerals need a separator or brackets.
_NUMBERING = re.compile(
    r"^(?:\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}[、.,]|\d{1,2}(?:[、.,]|(?=\D)))"
)
_DASHES = {"", "—", "——", "-", "--", "/", "无", "空", "–", "─", "…", "×", "*"}
_NUMBER = r"[+\-−]?\d[\d,]*(?:\.\d+)?"
_VALUE = re.compile(rf"^{_NUMBER}(?:万元|元|件|个|条|项|次|人次|起)?(?:\(.*\))?$")
_COUNT = re.compile(r"^([+\-−]?)(\d[\d,]*)(?:件|个|条|项|次|人次|起)?(?:\(.*\))?$")
_MONEY = re.compile(r"^([+\-−]?)(\d[\d,]*(?:\.\d+)?)(万元|元)?(?:\(.*\))?$")


def compact(text: str) -> str:
    """NFKC without any whitespace: full-width digits and brackets become ASCII."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def normalize_label(text: str) -> str:
    """The comparable core of a label: "（三）不予\\n公开" → "不予公开", "3、其他" → "其他"."""
    value = compact(text)
    for _ in range(2):
        stripped = _NUMBERING.sub("", value, count=1)
        if stripped == value or not stripped:
            break
        value = stripped
    return _PUNCT.sub("", value)


def is_value(text: str) -> bool:
    """A cell that holds (or should hold) a figure: a number, or blank, a dash, "/" or "无"."""
    value = compact(text)
    return value in _DASHES or bool(_VALUE.match(value))


def is_blank(text: str) -> bool:
    return compact(text) in _DASHES


def parse_count(text: str) -> int | None:
    """ "408", "+408" → 408; "-8" → -8; "1,295" → 1295; "22（其中修订16件）" → 22; else None."""
    match = _COUNT.match(compact(text))
    if not match:
        return None
    value = int(match.group(2).replace(",", ""))
    return -value if match.group(1) in ("-", "−") else value


def parse_money(text: str) -> str | None:
    """An amount in 万元 as written ("4176.9529万元" → "4176.9529"); yuan are converted ("251000元" → "25.1")."""
    match = _MONEY.match(compact(text))
    if not match:
        return None
    sign = "-" if match.group(1) in ("-", "−") else ""
    digits = match.group(2).replace(",", "")
    if match.group(3) == "元":
        try:
            amount = Decimal(digits) / 10000
        except InvalidOperation:
            return None
        digits = format(amount.normalize(), "f")
    return sign + digits


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# ------------------------------------------------------------------------------------ table 三

_OFFICIAL_REQUESTS = {
    normalize_label(fmt.row_label(key)): key
    for fmt in (FORMAT_2021, FORMAT_2019)
    for key in fmt.request_keys
    if key != "other"
}
_EXACT_REQUESTS = {
    **_OFFICIAL_REQUESTS,
    "予以公开": "granted",
    "部分公开": "partial",
    "其他": "other_misc",
    "总计": "total",
    "合计": "total",
    "其他处理": "other",
}
# Words that identify a row whatever the punctuation or abbreviation around them.
_REQUEST_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new", ("本年新收",)),
    ("carried_in", ("上年结转",)),
    ("carried_out", ("结转下年",)),
    ("partial", ("部分公开",)),
    ("withheld_state_secret", ("国家秘密",)),
    ("withheld_law_prohibited", ("禁止公开",)),
    ("withheld_security_stability", ("三安全", "一稳定")),
    ("withheld_third_party", ("第三方",)),
    ("withheld_internal_affairs", ("内部事务",)),
    ("withheld_process_info", ("过程性",)),
    ("withheld_enforcement_file", ("执法案卷",)),
    ("withheld_query_item", ("查询事项",)),
    ("unavailable_not_held", ("不掌握",)),
    ("unavailable_needs_creation", ("另行制作", "没有现成")),
    ("unavailable_unclear", ("仍不明确", "补正后")),
    ("not_processed_petition", ("信访", "举报投诉")),
    ("not_processed_repeat", ("重复申请",)),
    ("not_processed_publication", ("出版物",)),
    ("not_processed_excessive", ("大量反复",)),
    ("not_processed_confirmation", ("重新出具", "确认或")),
    ("other_no_correction", ("不补正",)),
    ("other_unpaid_fee", ("缴纳费用", "未缴费", "收费通知")),
)
REQUEST_GROUPS = {"本年度办理结果", "办理结果", "不予公开", "无法提供", "不予处理", "其他处理"}
# Header cells of table 三 that also spell row labels ("其他", "总计"): never a row unless last.
REQUEST_HEADERS = {"申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构"}


def request_key(label: str) -> str | None:
    """The report-data.md key of a table 三 row label ("other" for the one-row 2019 （六）其他处理)."""
    norm = normalize_label(label)
    if not norm:
        return None
    if norm in _EXACT_REQUESTS:
        return _EXACT_REQUESTS[norm]
    if norm in REQUEST_GROUPS:
        return None  # （三）不予公开 …: a group of rows, not a row
    hits = {key for key, words in _REQUEST_WORDS if any(word in norm for word in words)}
    if len(hits) == 1:
        return hits.pop()
    # Similarity only for labels long enough not to be confused ("不予公开" ~ "予以公开").
    return _closest(norm, _OFFICIAL_REQUESTS, 0.75) if len(norm) >= 6 else None


def _closest(norm: str, table: dict[str, str], threshold: float) -> str | None:
    scored = sorted(((similarity(norm, label), key) for label, key in table.items()), reverse=True)
    if not scored or scored[0][0] < threshold:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1] != scored[0][1]:
        return None
    return scored[0][1]


def is_balance_note(label: str) -> bool:
    return "勾稽" in compact(label)


# ------------------------------------------------------------------------------------ table 二

PROACTIVE_ROWS = {
    "规章": "rules",
    "规范性文件": "normative_documents",
    "行政规范性文件": "normative_documents",
    "行政许可": "licensing",
    "其他对外管理服务事项": "other_services",
    "行政处罚": "penalty",
    "行政强制": "enforcement",
    "行政事业性收费": "fees",
    "政府集中采购": "procurement",
}
COLUMNS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增减",
    "处理决定数量",
    "采购项目数量",
)
COLUMNS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量")
_BLOCK = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")


def proactive_key(label: str) -> str | None:
    norm = normalize_label(label)
    if norm in PROACTIVE_ROWS:
        return PROACTIVE_ROWS[norm]
    return _closest(norm, PROACTIVE_ROWS, 0.8) if len(norm) >= 3 else None


def block_of(label: str) -> str | None:
    """ "第二十条第（五）项" → "(五)" (the block key of report-data.md extra rows)."""
    match = _BLOCK.search(compact(label))
    return f"({match.group(1)})" if match else None


def column_format(label: str) -> str | None:
    """Which format a table 二 column header belongs to: "2019", "2021", "" (信息内容) or None."""
    norm = normalize_label(label)
    if norm == "信息内容":
        return ""
    if norm in COLUMNS_2021 or norm.startswith("本年收费金额"):
        return "2021"
    if norm in COLUMNS_2019 or norm.startswith("采购总金额"):
        return "2019"
    return None


# ------------------------------------------------------------------------------------ table 四

REMEDY_GROUP_LABELS = {
    "行政复议": "reconsideration",
    "未经复议直接起诉": "litigation_direct",
    "复议后起诉": "litigation_after_reconsideration",
}
REMEDY_HEADERS = {
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
}


def table_kind(label: str) -> str | None:
    """Which table a label cell marks: "二", "三", "四" or None (shared or unknown labels)."""
    norm = normalize_label(label)
    if not norm:
        return None
    if norm.startswith("第二十条") or column_format(label) is not None or norm in PROACTIVE_ROWS:
        return "二"
    if is_balance_note(label) or norm == "申请人情况" or "本年新收" in norm or "上年结转" in norm:
        return "三"
    if norm in {"行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"}:
        return "四"
    return None
