"""Checks of an annual report's text (not its tables), shared by the inspector and the builder.

``check_text`` returns report-data.md findings: leftover placeholders (text.placeholder), legal
references outdated by the 2019 Regulation or the 2015 Administrative Litigation Law
(text.outdated_reference), a missing or wrong statistical period (text.period), a year in the
text contradicting the report's year (text.year), and the figures stated in the text that
``rules.check`` does not compare yet (narrative.mismatch, see ``narrative.CLAIMS``).
"""

from __future__ import annotations

import re
from collections import Counter

from .narrative import claims, normalize
from .rules import WARNING, Finding

# "XX局", "××年", "某某县": template text never filled in. Latin X only outside words, addresses
# and e-mails ("pzxxgkb@163.com"); lower-case x only beside Chinese ("xx局").
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z0-9@./_-])X{2,}(?![A-Za-z0-9@./_-])|(?<=[\u4e00-\u9fff])x{2,}|x{2,}(?=[\u4e00-\u9fff])|×{2,}|某某"
)
_OUTDATED: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"国务院令第?\s*492\s*号|国令第?\s*492\s*号"),
        "引用的是2008年施行的旧条例（国务院令第492号），现行条例为2019年修订的国务院令第711号",
    ),
    (
        re.compile(r"(?:3|三)个月内[^。；;]{0,12}?(?:提起|向人民法院)[^。；;]{0,8}?行政诉讼"),
        "行政诉讼起诉期限自2015年起为6个月（《行政诉讼法》第四十六条），不是3个月",
    ),
    (
        re.compile(r"条例》?[^。；;]{0,6}?第(?:三十一|三十二)条[^。；;]{0,30}?(?:年度报告|编制|制作|本报告)"),
        "年度报告的依据在现行条例中是第四十九条、第五十条；第三十一条、第三十二条是2008年旧条例的条文",
    ),
    (
        re.compile(r"生产、?生活、?科研等特殊需要"),
        "“生产、生活、科研等特殊需要”是2008年旧条例第十三条的条件，2019年修订后已删除",
    ),
    (
        re.compile(r"(?:15|十五)个工作日内[^。；;]{0,6}?(?:予以)?答复"),
        "现行条例规定的答复期限为20个工作日（第三十三条），15个工作日是旧条例的期限",
    ),
)
_CN_NUMBER = {c: i for i, c in enumerate("〇一二三四五六七八九", start=0)} | {"○": 0, "零": 0}
_CN_DATE = re.compile(r"[〇○零一二三四五六七八九十]{1,4}(?=[年月日])")
# "2024年1月1日至2024年12月31日", "从2019年1月1日到12月31日止", "2023年1月1日起至…"
_PERIOD = re.compile(r"((?:19|20)\d{2})年(?:度)?1月1日(?:起|开始)?(?:至|到|—|-|~|－)((?:19|20)\d{2})?年?12月31日")
_PERIOD_WORDS = re.compile(r"统计(?:期限|时限|周期|期间|时段|区间|范围)")
_SELF_REFERENCE = re.compile(
    r"(?:现将|现向社会公布|本报告为|特此公布)[^。]{0,30}?((?:19|20)\d{2})年度?[^。]{0,20}?年度报告"
)
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_FEE_AMOUNT = re.compile(
    r"(?:收取|收缴|收费)[^。；;]{0,24}?信息(?:公开)?处理费[^。；;\d]{0,12}?(\d+(?:\.\d+)?)\s*(?:万元|元)"
)
_NO_FEE = re.compile(r"(?:未|没有|无|不)[^。；;]{0,3}$")


def check_text(report: dict, *, title: str | None = None, text: str | None = None) -> list[Finding]:
    """Findings on the report's text: ``text`` is the whole text (title, opening, sections), by
    default the sections of ``report``."""
    sections = report.get("sections") or {}
    if text is None:
        text = "\n".join(t for t in sections.values() if t)
    year = report.get("year")
    findings = placeholders(((title or "") + "\n" + text).strip())
    findings += outdated_references(text)
    if isinstance(year, int):
        findings += statistical_period(text, year)
        findings += body_year(text, year, sections.get("一"))
    findings += more_narrative(report)
    return findings


def dates_in_digits(text: str) -> str:
    """NFKC, no whitespace, Chinese numerals in dates as digits: "二〇二四年一月一日" → "2024年1月1日"."""
    flat = re.sub(r"\s+", "", normalize(text))
    return _CN_DATE.sub(lambda m: str(_cn_int(m.group(0))), flat)


def _cn_int(numeral: str) -> int:
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (_CN_NUMBER.get(tens, 1) if tens else 1) * 10 + (_CN_NUMBER.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_NUMBER[c]) for c in numeral))


def placeholders(text: str) -> list[Finding]:
    found = sorted({m.group(0) for m in _PLACEHOLDER.finditer(normalize(text))})
    if not found:
        return []
    quotes = "、".join(f"“{f}”" for f in found)
    return [Finding("text.placeholder", WARNING, f"正文中有未替换的占位文字{quotes}，请填写实际内容", "正文")]


def outdated_references(text: str) -> list[Finding]:
    flat = normalize(text)
    out = []
    for pattern, why in _OUTDATED:
        match = pattern.search(flat)
        if match:
            out.append(Finding("text.outdated_reference", WARNING, f"正文“{match.group(0)}”：{why}", "正文 法律依据"))
    return out


def statistical_period(text: str, year: int) -> list[Finding]:
    """The report should say its figures cover 1 January – 31 December of the report year."""
    flat = dates_in_digits(text)
    periods = list(_PERIOD.finditer(flat))
    if not periods:
        if _PERIOD_WORDS.search(flat):
            return []  # a period stated in other words ("统计期限为2024年度"): not checked
        return [
            Finding(
                "text.period",
                WARNING,
                f"报告未写明统计期限（应为{year}年1月1日至{year}年12月31日）",
                "报告开头 统计期限",
            )
        ]
    for match in periods:
        start, end = int(match.group(1)), int(match.group(2) or match.group(1))
        if start != year or end != year:
            return [
                Finding(
                    "text.period",
                    WARNING,
                    f"统计期限写为“{match.group(0)}”，与报告年度{year}年不符",
                    "报告开头 统计期限",
                )
            ]
    return []


def body_year(text: str, year: int, overview: str | None) -> list[Finding]:
    """The text names another year as the report's year (a copied report not updated)."""
    flat = dates_in_digits(text)
    out = []
    for match in _SELF_REFERENCE.finditer(flat):
        if int(match.group(1)) != year:
            out.append(
                Finding("text.year", WARNING, f"正文“{match.group(0)}”中的年份与报告年度{year}年不符", "报告开头")
            )
            break
    mentions = Counter(int(y) for y in _YEAR.findall(dates_in_digits(overview or "")))
    if mentions and mentions[year] == 0:
        other, count = mentions.most_common(1)[0]
        if count >= 2:
            out.append(
                Finding(
                    "text.year",
                    WARNING,
                    f"第一部分“总体情况”多处写{other}年，没有提到报告年度{year}年，可能沿用了往年的报告",
                    "第一部分 总体情况",
                )
            )
    return out


def fees_mentioned(text: str) -> bool:
    """The text says information-processing fees were collected (a positive amount)."""
    flat = normalize(text)
    for match in _FEE_AMOUNT.finditer(flat):
        if float(match.group(1)) > 0 and not _NO_FEE.search(flat[max(0, match.start() - 4) : match.start()]):
            return True
    return False


# Figures of the text that rules.check does not compare: claim → (cell path, label, where).
_MORE_FIGURES = {
    "normative_documents.in_force": (
        ("normative_documents", "in_force"),
        "现行有效规范性文件数",
        "表二 第二十条第（一）项 行政规范性文件 · 现行有效件数",
    ),
    "rules": (("rules", None), "规章数", "表二 第二十条第（一）项 规章"),
}


def more_narrative(report: dict) -> list[Finding]:
    sections = report.get("sections") or {}
    text = "\n".join(t for n, t in sections.items() if n in ("一", "五", "六") and t)
    if not text:
        return []
    proactive = report.get("proactive") or {}
    out, seen = [], set()
    for claim in claims(text):
        if claim.what not in _MORE_FIGURES or (claim.what, claim.value) in seen:
            continue
        (row, cell), label, where = _MORE_FIGURES[claim.what]
        cells = proactive.get(row) or {}
        cell = cell or ("issued" if report.get("format") == "2021" else "published")
        if claim.what.endswith("in_force") and report.get("format") != "2021":
            continue
        value = cells.get(cell)
        if not isinstance(value, int) or isinstance(value, bool) or value == claim.value:
            continue
        seen.add((claim.what, claim.value))
        out.append(
            Finding(
                "narrative.mismatch",
                WARNING,
                f"正文称“{claim.quote}”，但表格中{label}为{value}",
                f"正文 / {where}",
                (f"proactive.{row}.{cell}",),
            )
        )
    return out
