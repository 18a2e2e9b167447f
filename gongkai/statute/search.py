"""Chinese full-text search without a dictionary: CJK character bigrams, and the query side to match.

Index side: the text is NFKC-normalised (full-width letters and digits become half-width) and
lower-cased, then split into *runs*: a run of CJK characters, or a run of other letters and digits
(a "word"). A word is one token. A CJK run gives one token per character: the character and the
next one of the run (``信息公开`` → ``信息 息公 公开 开``), so a run of one character is a unigram and
every character starts a token. Where two runs are not adjacent in the text (space or punctuation
between them), a SEPARATOR token is put between them, so a phrase never spans punctuation.

Query side: whitespace separates terms, all of which must match. A term is a phrase of the same
tokens, except at its end: the text may continue the term's last CJK run, so its closing unigram is
dropped (``公开`` is the single token ``公开``), and a term ending in a lone CJK character ends with a
prefix token (``公`` → ``公*``, matching ``公开``, ``公*`` and the unigram ``公``). A term therefore
matches exactly where the normalised text contains it, with any run of spaces/punctuation matching
any other; words match whole (``2024`` does not match ``20245``).

The engines see only these tokens: SQLite FTS5 with the ``ascii`` tokenizer (which splits on our
spaces and keeps every non-ASCII character), and a PostgreSQL tsvector/tsquery written as literals
with our positions (a separator is a skipped position there). See docs/decisions/0012-search.md.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# A private-use character: never produced from query text (it is not a word character), and a
# token character for FTS5's ascii tokenizer.
SEPARATOR = "\ue000"
MAX_TERMS = 10  # more terms than this in a public search box is noise, or an attempt at a slow query
MAX_TERM_CHARS = 64

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
# Runs: CJK letters, or other letters/digits (no underscore: it is punctuation to a reader).
_RUN = re.compile(rf"(?:(?=[^\W_])[{_CJK}])+|(?:(?![{_CJK}])[^\W_])+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


class _Folding(dict):
    """code point → its NFKC form, lower-cased; filled on first use, for ``str.translate``."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        piece = ch.lower() if ch.isascii() else unicodedata.normalize("NFKC", ch).lower()
        self[code] = piece
        return piece


_FOLD = _Folding()


def normalise(text: str) -> str:
    """NFKC and lower case, character by character, so that offsets map back (see ``_normalised``).

    Whole-string NFKC could merge characters across positions, which the highlighter could not
    map back; per character, index, query and highlighter agree exactly.
    """
    return (text or "").translate(_FOLD)


def _normalised(text: str) -> tuple[str, list[int] | range]:
    """The normalised text and, for each of its characters, the offset it came from in ``text``."""
    folded = normalise(text)
    if len(folded) == len(text):  # one character for one (nearly always): offsets are the same
        return folded, range(len(text))
    offsets = [i for i, ch in enumerate(text) for _ in _FOLD[ord(ch)]]
    return folded, offsets


def _is_cjk(run: str) -> bool:
    return bool(_CJK_CHAR.match(run))


def _run_tokens(run: str) -> list[str]:
    if not _is_cjk(run):
        return [run]
    return [run[i : i + 2] for i in range(len(run))]


def tokens(text: str) -> list[str]:
    """The index tokens of ``text`` in order, SEPARATOR between runs that are not adjacent."""
    out: list[str] = []
    text = normalise(text)
    end = None
    for match in _RUN.finditer(text):
        if end is not None and match.start() != end:
            out.append(SEPARATOR)
        out.extend(_run_tokens(match.group()))
        end = match.end()
    return out


def index_text(text: str) -> str:
    """What the engine indexes: the tokens, space-separated."""
    return " ".join(tokens(text))


@dataclass(frozen=True)
class Term:
    """One search term: a phrase of tokens (SEPARATOR included), the last one a prefix if ``prefix``."""

    text: str  # normalised, as typed (for highlighting)
    tokens: tuple[str, ...]
    prefix: bool = False


def parse_term(text: str) -> Term | None:
    text = normalise(text)[:MAX_TERM_CHARS]
    runs = list(_RUN.finditer(text))
    if not runs:
        return None
    found = tokens(text)
    last = runs[-1].group()
    prefix = False
    if _is_cjk(last):
        if len(last) > 1:
            found.pop()  # the closing unigram: in the text the run may go on (公开 in 公开透明)
        else:
            prefix = True  # a lone character: any token that starts with it
    term_text = text[runs[0].start() : runs[-1].end()]
    return Term(text=term_text, tokens=tuple(found), prefix=prefix)


def parse_query(query: str) -> list[Term]:
    """Whitespace-separated terms, all required; terms with no letters or digits are dropped."""
    terms: list[Term] = []
    for part in (query or "").split():
        term = parse_term(part)
        if term is not None and term not in terms:
            terms.append(term)
        if len(terms) == MAX_TERMS:
            break
    return terms


# -- engine expressions ------------------------------------------------------------------------


def fts5_match(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: each term a quoted phrase (tokens hold no quotes), ANDed."""
    phrases = []
    for term in terms:
        phrase = '"' + " ".join(term.tokens) + '"'
        phrases.append(phrase + " *" if term.prefix else phrase)
    return " AND ".join(phrases)


def _pg_lexeme(token: str) -> str:
    # Tokens are letters and digits only (see _RUN), so they never hold a quote or a backslash.
    return f"'{token}'"


def pg_tsquery(terms: list[Term]) -> str:
    """A tsquery literal: each term a phrase (``<->``, or ``<2>`` over a separator), ANDed."""
    parts = []
    for term in terms:
        words: list[str] = []
        gap = 1
        for i, token in enumerate(term.tokens):
            if token == SEPARATOR:
                gap += 1
                continue
            lexeme = _pg_lexeme(token) + (":*" if term.prefix and i == len(term.tokens) - 1 else "")
            if words:
                words.append("<->" if gap == 1 else f"<{gap}>")
            words.append(lexeme)
            gap = 1
        parts.append("(" + " ".join(words) + ")")
    return " & ".join(parts)


# PostgreSQL keeps positions up to 16383 and 256 positions per lexeme; later ones add nothing.
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_LEXEME = 256


def pg_tsvector(fields: list[tuple[str, str]]) -> str:
    """A tsvector literal of ``(text, weight)`` fields, in order, with a gap between fields."""
    positions: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    position = 0
    for text, weight in fields:
        position += 1  # a gap, so no phrase spans two fields
        for token in tokens(text):
            position += 1
            if token == SEPARATOR:
                continue
            at = min(position, PG_MAX_POSITION)
            seen = positions.get(token)
            if seen is None:
                positions[token], last[token] = [f"{at}{weight}"], at
            elif last[token] != at and len(seen) < PG_MAX_POSITIONS_PER_LEXEME:
                seen.append(f"{at}{weight}")
                last[token] = at
    return " ".join([f"'{token}':{','.join(seen)}" for token, seen in positions.items()])


# -- highlighting ------------------------------------------------------------------------------


def _pattern(term: Term) -> re.Pattern[str]:
    # The term's runs, with any non-word gap where the term had one; a word must stand whole.
    parts, end = [], None
    runs = list(_RUN.finditer(term.text))
    for i, run in enumerate(runs):
        if end is not None and run.start() != end:
            parts.append(r"[\W_]+")
        piece = re.escape(run.group())
        if not _is_cjk(run.group()):
            if i == 0:
                piece = rf"(?<![^\W_{_CJK}]){piece}"
            if i == len(runs) - 1:
                piece = rf"{piece}(?![^\W_{_CJK}])"
        parts.append(piece)
        end = run.end()
    return re.compile("".join(parts))


def highlight(text: str, terms: list[Term], *, width: int | None = None) -> str:
    """``text`` HTML-escaped, with ``<mark>`` around each match of the terms.

    With ``width``, only a window of about that many characters around the first match (or the
    beginning, if nothing matches), with "…" where it was cut.
    """
    text = text or ""
    normalised, offsets = _normalised(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        for match in _pattern(term).finditer(normalised):
            if match.end() > match.start():
                spans.append((offsets[match.start()], offsets[match.end() - 1] + 1))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    lo, hi = 0, len(text)
    if width is not None and len(text) > width:
        first = merged[0][0] if merged else 0
        lo = max(0, min(first - width // 4, len(text) - width))
        hi = lo + width
    out = ["…"] if lo > 0 else []
    at = lo
    for start, end in merged:
        start, end = max(start, lo), min(end, hi)
        if start >= end:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        at = end
    out.append(html.escape(text[at:hi]))
    if hi < len(text):
        out.append("…")
    return "".join(out)
