"""Pre-publication scanners: personal data, sensitive words and common miswritings.

Traps (shared/design/dependencies.md §5): text is NFKC-normalised first so full-width digits are
caught, patterns use [0-9] (``\\d`` matches every Unicode digit), resident IDs are checked by check
digit, birth date and province only (never the era-aware county table), bank cards by Luhn with
the UnionPay 62 prefix, and a number embedded in a longer digit run is not a hit. Offsets always
refer to the ORIGINAL text, so masking replaces exactly what the author typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from stdnum import luhn

from .identity import InvalidIdentity, mask_identity, validate_resident_id

ERROR, WARNING = "error", "warning"
KIND_LABELS = {
    "resident_id": "居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号（疑似）",
    "sensitive_word": "敏感词",
    "miswriting": "易错词",
}


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int  # offsets into the original text
    end: int
    value: str  # as written in the original text
    masked: str
    severity: str = ERROR
    message: str = ""

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _normalise(text: str) -> tuple[str, list[int]]:
    """NFKC per character, with a map from each normalised index to its original index."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        where.extend([i] * len(norm))
    where.append(len(text))
    return "".join(out), where


_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9]{9}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])[0-9]{16,19}(?![0-9])")
_CARD_SPACED = re.compile(r"(?<![0-9])62[0-9]{2}(?:[ -][0-9]{4}){3}(?:[ -]?[0-9]{1,3})?(?![0-9])")


def _mask_digits(value: str, keep_head: int = 3, keep_tail: int = 4) -> str:
    digits = [i for i, c in enumerate(value) if c.isdigit() or c in "Xx"]
    hide = set(digits[keep_head : len(digits) - keep_tail]) if len(digits) > keep_head + keep_tail else set(digits)
    return "".join("*" if i in hide else c for i, c in enumerate(value))


def scan_personal_data(text: str) -> list[Hit]:
    """Resident IDs, mobile numbers and suspected bank cards, in order of position."""
    norm, where = _normalise(text or "")
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, a: int, b: int, masked: str, severity: str, message: str) -> None:
        start, end = where[a], where[b - 1] + 1
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        hits.append(Hit(kind, start, end, text[start:end], masked, severity, message))

    for m in _ID.finditer(norm):
        try:
            value = validate_resident_id(m.group())
        except InvalidIdentity:
            continue
        add("resident_id", m.start(), m.end(), mask_identity(value), ERROR, "正文含有居民身份证号码")
    for m in _MOBILE.finditer(norm):
        add("mobile", m.start(), m.end(), _mask_digits(m.group()), ERROR, "正文含有手机号码")
    for pattern in (_CARD, _CARD_SPACED):
        for m in pattern.finditer(norm):
            digits = re.sub(r"[^0-9]", "", m.group())
            if not 16 <= len(digits) <= 19 or not digits.startswith("62") or not luhn.is_valid(digits):
                continue
            add("bank_card", m.start(), m.end(), _mask_digits(m.group(), 4, 4), WARNING, "疑似银行卡号，请核对")
    return sorted(hits, key=lambda h: h.start)


def mask_text(text: str, hits: list[Hit]) -> str:
    """One-click masking: every digit (full-width too) and X of each personal-data hit becomes *.

    The whole number is hidden, not only its middle: a published page needs no part of it, and a
    partial number plus a name can still identify a person.
    """
    chars = list(text)
    for hit in hits:
        if hit.kind in {"sensitive_word", "miswriting"}:
            continue
        for i in range(hit.start, hit.end):
            c = unicodedata.normalize("NFKC", chars[i])
            if c.isascii() and (c.isdigit() or c in "Xx"):
                chars[i] = "*"
    return "".join(chars)


# -- words ---------------------------------------------------------------------------------------

# A starter list; each agency edits its own in the catalog app. Only words that do not belong in a
# government publication whatever the context.
SENSITIVE_WORDS: tuple[str, ...] = (
    "内部资料",
    "内部文件",
    "机密",
    "绝密",
    "仅供内部",
    "不得外传",
    "请勿外传",
    "工作秘密",
)

# (wrong, right, note): only miswritings that are wrong in every context.
MISWRITINGS: tuple[tuple[str, str, str], ...] = (
    ("既使", "即使", ""),
    ("按排", "安排", ""),
    ("必需遵守", "必须遵守", "表示“一定要”时用“必须”"),
    ("必需按照", "必须按照", "表示“一定要”时用“必须”"),
    ("必需严格", "必须严格", "表示“一定要”时用“必须”"),
    ("截至日期", "截止日期", "“截止日期”指期限的最后一天"),
    ("截止目前", "截至目前", "表示“到某时为止”用“截至”"),
    ("截止到", "截至", "表示“到某时为止”用“截至”"),
    ("再接再励", "再接再厉", ""),
    ("迫不急待", "迫不及待", ""),
    ("一股作气", "一鼓作气", ""),
    ("人才倍出", "人才辈出", ""),
    ("默守成规", "墨守成规", ""),
    ("走头无路", "走投无路", ""),
    ("言简意骇", "言简意赅", ""),
    ("谈笑风声", "谈笑风生", ""),
    ("挖墙角", "挖墙脚", ""),
    ("一愁莫展", "一筹莫展", ""),
    ("出奇不意", "出其不意", ""),
    ("貌合神难", "貌合神离", ""),
    ("穿流不息", "川流不息", ""),
    ("原形必露", "原形毕露", ""),
    ("即然", "既然", ""),
    ("帐户", "账户", "“账”用于钱财记录（国家语委规范）"),
    ("年青干部", "年轻干部", ""),
    ("通迅", "通讯", ""),
)


def scan_words(
    text: str,
    *,
    sensitive: tuple[str, ...] | list[str] = SENSITIVE_WORDS,
    miswritings: tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]] = MISWRITINGS,
) -> list[Hit]:
    """Sensitive words and miswritings (warnings); offsets into the original text."""
    norm, where = _normalise(text or "")
    hits: list[Hit] = []
    for word in sensitive:
        word = unicodedata.normalize("NFKC", word.strip())
        if not word:
            continue
        for m in re.finditer(re.escape(word), norm):
            s, e = where[m.start()], where[m.end() - 1] + 1
            hits.append(Hit("sensitive_word", s, e, text[s:e], text[s:e], WARNING, f"含有敏感词“{word}”"))
    for wrong, right, note in miswritings:
        wrong = unicodedata.normalize("NFKC", wrong.strip())
        if not wrong:
            continue
        for m in re.finditer(re.escape(wrong), norm):
            s, e = where[m.start()], where[m.end() - 1] + 1
            message = f"“{wrong}”应为“{right}”" + (f"（{note}）" if note else "")
            hits.append(Hit("miswriting", s, e, text[s:e], right, WARNING, message))
    return sorted(hits, key=lambda h: (h.start, h.kind))
