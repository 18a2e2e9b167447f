"""Proofreading rules for rendered Chinese text: what a careful reader would circle in red.

The rules look only at the text, so they serve letters today and annual reports later:

* ``proof.punctuation``: two sentence marks in a row ("。，", "。。", "，，", "：："), or a mark
  on both sides of a closing quote or bracket ("…情况。”。", "（见附件。）。");
* ``proof.numbering``: an item numbered twice at the start of a line ("1. 1.", "1、1、",
  "（一）（一）", "1. （1）", "1. •");
* ``proof.placeholder``: template text never filled in ("{{", "{%", "XX", "××", "某某",
  "见答复内容", "（请填写…）", "____");
* ``proof.unfilled``: a field with nothing in it: "（）", "“”", "《》", or a label at the end of a
  line ("缴费方式：") with no list under it;
* ``proof.doubled``: a character or word written twice where a filled-in value meets the
  template ("按" + "按量计收" → "按按量计收").

The last rule needs to know where values begin and end. A caller that fills a template wraps
every value in VALUE_START … VALUE_END before rendering and passes the result here; only the
edges of values are compared, so a reduplication that belongs to the language (常常, 人人, 一一)
inside a value or inside the template is never flagged, and at an edge the common AA words are
let through too. Text without markers is checked by the other four rules only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Private-use characters: they never occur in real text and survive Word, docxtpl and XML.
VALUE_START = "\ue000"
VALUE_END = "\ue001"
_MARKERS = re.compile(f"[{VALUE_START}{VALUE_END}]")


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    excerpt: str  # the offending text with a few characters of context


def _excerpt(text: str, start: int, end: int, width: int = 8) -> str:
    left = max(0, start - width)
    return text[left : end + width].replace("\n", "⏎")


# --- punctuation -------------------------------------------------------------------------

# Marks that end or divide a sentence; no two may stand side by side. "？！" and "！？" are
# left alone (rhetorical questions in quoted speech); they never occur in letters anyway.
_STOPS = "，。、；：,;"
_CLOSERS = "”’）)》」』】〕"
_DOUBLED_STOP = re.compile(f"[{_STOPS}][{_STOPS}]|[。，；：、][{_CLOSERS}]+[。，；：、]")


def _punctuation(text: str) -> list[Finding]:
    return [
        Finding("proof.punctuation", f"标点重复：“{m.group()}”", _excerpt(text, m.start(), m.end()))
        for m in _DOUBLED_STOP.finditer(text)
    ]


# --- numbering ---------------------------------------------------------------------------

_CN_DIGITS = "一二三四五六七八九十"
# One item marker: "1." "1．" "1、" "（1）" "(1)" "（一）" "一、" "①", or a bullet "-" "•" "·" "*".
# "1.5" is a number, not a marker, hence the look-ahead.
_MARKER = (
    rf"(?:\d{{1,3}}[.．](?!\d)|\d{{1,3}}、|[（(](?:\d{{1,3}}|[{_CN_DIGITS}]{{1,3}})[）)]"
    rf"|[{_CN_DIGITS}]{{1,3}}、|[①-⑳]|[-•·*●▪])"
)
_DOUBLED_NUMBER = re.compile(rf"^[ \t\u3000]*({_MARKER})[ \t\u3000]*({_MARKER})", re.MULTILINE)


def _numbering(text: str) -> list[Finding]:
    return [
        Finding(
            "proof.numbering",
            f"序号重复：“{m.group(1)}”后又有“{m.group(2)}”",
            _excerpt(text, m.start(1), m.end(2)),
        )
        for m in _DOUBLED_NUMBER.finditer(text)
    ]


# --- placeholders ------------------------------------------------------------------------

# Latin X only outside words, addresses and e-mails (an account name may contain "xx").
_PLACEHOLDER = re.compile(
    r"\{\{|\}\}|\{%|%\}"
    r"|(?<![A-Za-z0-9@./_-])[XＸ]{2,}(?![A-Za-z0-9@./_-])|(?<=[\u4e00-\u9fff])x{2,}|x{2,}(?=[\u4e00-\u9fff])"
    r"|×{2,}|某某|○○|_{3,}|＿{2,}"
    r"|见答复内容|[（(【\[]?请(?:在此处)?(?:填写|输入|补充)[^）)】\]\n]{0,20}[）)】\]]?|此处填写|待填写"
)


def _placeholders(text: str) -> list[Finding]:
    return [
        Finding("proof.placeholder", f"未替换的模板文字：“{m.group()}”", _excerpt(text, m.start(), m.end()))
        for m in _PLACEHOLDER.finditer(text)
    ]


# --- unfilled fields ---------------------------------------------------------------------

_EMPTY_PAIR = re.compile(r"（\s*）|\(\s*\)|“\s*”|‘\s*’|《\s*》|〔\s*〕|【\s*】|「\s*」")
# A label is a short noun phrase ending in one of these words; a salutation ("张三：") or a
# sentence introducing a list ("现告知如下：") is not.
_LABEL_WORDS = (
    "方式|时间|日期|期限|地址|电话|传真|邮箱|邮编|金额|标准|理由|依据|事项|内容|名称|单位|户名|账号|账户|"
    "开户行|银行|说明|编号|文号|号码|机构|机关|数量|部分|联系人|申请人|收款人|经办人|附件"
)
_LABEL_AT_END = re.compile(rf"([^\s：:，。；、]{{0,10}}(?:{_LABEL_WORDS}))[：:][ \t\u3000]*$", re.MULTILINE)
_STARTS_ITEM = re.compile(rf"^[ \t\u3000]*{_MARKER}")


def _unfilled(text: str, *, line_ends: bool) -> list[Finding]:
    findings = [
        Finding("proof.unfilled", f"括号或引号中没有内容：“{m.group()}”", _excerpt(text, m.start(), m.end()))
        for m in _EMPTY_PAIR.finditer(text)
    ]
    if not line_ends:
        return findings
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        if m := _LABEL_AT_END.search(line):
            following = next((later for later in lines[i + 1 :] if later.strip()), "")
            if not _STARTS_ITEM.match(following):  # "附件：" with a numbered list under it is filled
                findings.append(
                    Finding(
                        "proof.unfilled",
                        f"“{m.group(1)}”后没有填写内容",
                        _excerpt(text, offset + m.start(), offset + m.end()),
                    )
                )
        offset += len(line) + 1
    return findings


# --- doubled characters at the edges of filled-in values ---------------------------------

# AA words that may legitimately meet across an edge ("申请人" + "人人乐超市" is fine).
REDUPLICATIONS = frozenset(
    "常常 人人 天天 年年 月月 日日 时时 处处 事事 个个 家家 户户 村村 条条 项项 件件 层层 步步 "
    "一一 刚刚 渐渐 仅仅 往往 纷纷 明明 稍稍 偏偏 恰恰 统统 久久 代代 世世 默默 悄悄 微微 深深 "
    "紧紧 多多 好好 慢慢 轻轻 平平 星星 宝宝 妈妈 爸爸 哥哥 姐姐 弟弟 妹妹 奶奶 爷爷 叔叔 婆婆 太太".split()
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LONGEST_OVERLAP = 4


def _overlap(left: str, right: str) -> str:
    """The longest CJK string that ``left`` ends with and ``right`` starts with (up to 4 characters)."""
    for size in range(min(_LONGEST_OVERLAP, len(left), len(right)), 0, -1):
        piece = right[:size]
        if left.endswith(piece) and all(_CJK.match(c) for c in piece):
            return piece
    return ""


def _edges(marked: str) -> list[Finding]:
    # Split into template text and values (odd positions), then compare each value with what
    # precedes and follows it in the plain text.
    pieces = [strip_markers(piece) for piece in re.split(f"{VALUE_START}(.*?){VALUE_END}", marked, flags=re.DOTALL)]
    text = "".join(pieces)
    findings = []
    start = 0
    for i, piece in enumerate(pieces):
        end = start + len(piece)
        if i % 2:  # a value
            for left, right, edge in ((text[:start], piece, start), (piece, text[end:], end)):
                doubled = _overlap(left, right)
                if doubled and not (len(doubled) == 1 and doubled * 2 in REDUPLICATIONS):
                    findings.append(
                        Finding(
                            "proof.doubled",
                            f"填入的内容与文书原文重复：“{doubled}{doubled}”",
                            _excerpt(text, edge - len(doubled), edge + len(doubled)),
                        )
                    )
        start = end
    return findings


def strip_markers(text: str) -> str:
    return _MARKERS.sub("", text)


def proofread(text: str, *, wrapped: bool = False) -> list[Finding]:
    """Every finding in ``text``, in rule order.

    ``text`` has one paragraph per line and may carry VALUE_START/VALUE_END around filled-in
    values. ``wrapped`` says the line breaks are a page layout's (text read back from a PDF):
    a paragraph may then break anywhere, so punctuation and placeholders are checked across
    line breaks and "a label at the end of a line" is not checked at all.
    """
    findings = _edges(text) if VALUE_START in text else []
    plain = strip_markers(text)
    joined = re.sub(r"\s*\n\s*", "", plain) if wrapped else plain
    findings += _punctuation(joined)
    findings += _numbering(plain)
    findings += _placeholders(joined)
    findings += _unfilled(joined if wrapped else plain, line_ends=not wrapped)
    return list(dict.fromkeys(findings))  # two values side by side share one edge
