"""A strict allow-list HTML sanitiser for document bodies (stdlib html.parser, no dependency).

Everything not listed is dropped: unknown tags lose their markup but keep their text, except
script/style/iframe/object and friends, whose content is dropped too. Attributes are kept only
when allowed for the tag, never on*; URLs only http(s), mailto, tel or relative.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "div",
    "h2", "h3", "h4", "h5", "ul", "ol", "li", "blockquote", "pre", "code", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img",
}  # fmt: skip
VOID_TAGS = {"br", "hr", "img"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "textarea"}
ALLOWED_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_ATTRS = {"href", "src"}
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|tel:|/|#|\./|\.\./|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)
_NUMERIC = re.compile(r"^[0-9]{1,4}%?$")


def _safe_url(value: str) -> bool:
    # Control characters and whitespace inside a scheme ("java\tscript:") are ignored by browsers.
    compact = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
    return bool(_SAFE_URL.match(compact)) and not compact.lower().startswith(("javascript:", "data:", "vbscript:"))


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            if tag not in VOID_TAGS:
                self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name not in ALLOWED_ATTRS.get(tag, set()) or value is None:
                continue
            if name in URL_ATTRS and not _safe_url(value):
                continue
            if name in {"width", "height", "colspan", "rowspan", "start"} and not _NUMERIC.match(value):
                continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        if tag == "a" and any(k.startswith(" href") for k in kept):
            kept.append(' rel="noopener noreferrer"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in DROP_CONTENT:
            return
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in ALLOWED_TAGS or tag in VOID_TAGS or tag not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        self.out.extend(f"</{t}>" for t in reversed(self.open))
        return "".join(self.out)


def sanitize_html(value: str) -> str:
    parser = _Sanitiser()
    parser.feed(value or "")
    return parser.result()


def html_to_text(value: str) -> str:
    """The visible text of a sanitised body (for scanning and search)."""
    return html.unescape(re.sub(r"<[^>]+>", "", value or ""))
