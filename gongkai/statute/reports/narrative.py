"""Figures stated in the report's text, to check against its tables (narrative.mismatch)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NUM = r"(\d+)"


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


@dataclass(frozen=True)
class Claim:
    what: str  # which figure (a key of CLAIMS)
    value: int
    quote: str


# (figure, pattern). Numbers are counts of applications, documents or cases.
CLAIMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "requests.new",
        re.compile(
            r"(?:新收|收到|受理|共收到|新接收)[^。；;]{0,16}?(?:政府信息公开|依申请公开)?申请[^。；;\d]{0,8}?"
            + _NUM
            + r"\s*(?:件|个|份|条)"
        ),
    ),
    # "政府信息公开申请N件" alone, but not "答复/办结/办理/处理…申请N件" (replies, not new applications).
    (
        "requests.new",
        re.compile(
            r"(?<!答复)(?<!办结)(?<!办理)(?<!处理)(?:依申请公开|政府信息公开)申请(?:共|合计)?" + _NUM + r"\s*件"
        ),
    ),
    (
        "normative_documents",
        re.compile(
            r"(?:主动公开|制发|印发|出台)[^。；;\d]{0,6}?(?:行政)?规范性文件[^。；;\d]{0,4}?"
            + _NUM
            + r"\s*(?:件|个|份|条)"
        ),
    ),
    ("remedies.reconsideration", re.compile(r"行政复议(?:案件|申请)?[^。；;\d]{0,4}?" + _NUM + r"\s*(?:件|起)")),
    ("remedies.litigation", re.compile(r"行政诉讼(?:案件)?[^。；;\d]{0,4}?" + _NUM + r"\s*(?:件|起)")),
    # Compared by textrules.more_narrative (rules.check skips the figures it does not know).
    (
        "normative_documents.in_force",
        re.compile(r"现行有效的?(?:行政)?规范性文件[^。；;\d]{0,4}?" + _NUM + r"\s*(?:件|个|份)"),
    ),
    (
        "rules",
        re.compile(r"(?:主动公开|新增公开|制发|出台|公布)[^。；;\d、，,]{0,8}?规章[^。；;\d]{0,4}?" + _NUM + r"\s*件"),
    ),
)
# "无依申请公开事项", but not "未发生因依申请公开被行政复议纠错…" (no case lost, not no applications).
ZERO_REQUESTS = re.compile(
    r"(?:无|没有|未收到|未发生)[^。；;因被]{0,6}?(?:依申请公开|政府信息公开申请)(?![^。；;]{0,4}?(?:被|引发|导致|纠错|败诉))"
)
# "… 0条。其中，… 2条": a part stated right after its whole (only punctuation, or a short
# parenthesis, between the whole and 其中: "办结1191件（含上年结转189件），均在…。其中，…208件"
# splits 1191, not 189).
PART_OF_WHOLE = re.compile(
    _NUM
    + r"\s*(?:件|条|个|项|份)(?:[（(][^）)0-9]{0,12}[）)])?[\s,，。：:；;]{0,3}其中[^0-9。]{0,24}?"
    + _NUM
    + r"\s*(?:件|条|个|项|份)"
)


def claims(text: str) -> list[Claim]:
    text = normalize(text)
    found = []
    for what, pattern in CLAIMS:
        for match in pattern.finditer(text):
            found.append(Claim(what, int(match.group(1)), match.group(0)))
    for match in ZERO_REQUESTS.finditer(text):
        found.append(Claim("requests.new", 0, match.group(0)))
    return found


def parts_exceeding_wholes(text: str) -> list[tuple[int, int, str]]:
    """(whole, part, quote) where the text says 其中 a part larger than the whole it follows."""
    out = []
    for match in PART_OF_WHOLE.finditer(normalize(text)):
        whole, part = int(match.group(1)), int(match.group(2))
        if part > whole:
            out.append((whole, part, match.group(0)))
    return out
