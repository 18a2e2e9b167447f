"""Plain-text helpers for Chinese: CJK bigrams (search index and similarity)."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+|[\u3400-\u9fff\uf900-\ufaff]+")


def bigrams(text: str) -> set[str]:
    """Character bigrams of each CJK run (a lone character stands for itself) and whole
    Latin/digit words, after NFKC and lower-casing."""
    out: set[str] = set()
    for run in _WORD.findall(unicodedata.normalize("NFKC", text or "").lower()):
        if run.isascii():
            out.add(run)
        elif len(run) == 1:
            out.add(run)
        else:
            out.update(run[i : i + 2] for i in range(len(run) - 1))
    return out


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the bigram sets (0 … 1)."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)
