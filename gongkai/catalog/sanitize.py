"""A strict allow-list HTML sanitiser for document bodies (stdlib html.parser, no dependency).

Everything not listed is dropped: unknown tags lose their markup but keep their text, except
script/style/iframe/object and friends, whose content is dropped too. Attributes are kept only
when allowed for the tag, never on*; URLs only http(s), mailto, tel or relative.

Images are kept only with a path on this site (``/files/12/``), never another host or a data:
URI: the CSP would not show them, an outside picture can change after review and tells its host
who reads the page. ``clean_body`` narrows that to the document's own picture attachments.

``clean_body`` is what a saved body goes through: text without block markup (the textarea without
the editor, text pasted from Word into it) first becomes paragraphs, and bare http(s) addresses
in the text become links, so the link checker finds them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span", "div",
    "h2", "h3", "h4", "h5", "ul", "ol", "li", "blockquote", "pre", "code", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img",
}  # fmt: skip
VOID_TAGS = {"br", "hr", "img"}
RENAMED = {"h1": "h2", "h6": "h5"}  # the page's own <h1> is the title
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
# Block markup: with none of it, a body is plain text whose line breaks must be kept.
_BLOCK_MARKUP = re.compile(r"<\s*/?\s*(?:p|div|br|h[1-6]|ul|ol|li|table|tr|blockquote|pre|hr)\b", re.IGNORECASE)
# An address runs to whitespace, markup quotes or CJK/full-width punctuation (，。、（）《》…).
_BARE_URL = re.compile(r"https?://[^\s<>\"'\u3000-\u303f\uff00-\uffef]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"
_CLOSERS = {")": "(", "]": "["}


def _safe_url(value: str) -> bool:
    # Control characters and whitespace inside a scheme ("java\tscript:") are ignored by browsers.
    compact = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value))
    return bool(_SAFE_URL.match(compact)) and not compact.lower().startswith(("javascript:", "data:", "vbscript:"))


def _site_image(src: str, images: Collection[str] | None) -> bool:
    if images is not None:
        return src in images
    # a browser reads a backslash after the first "/" as a second "/": another host
    return src.startswith("/") and not src.startswith("//") and "\\" not in src and not urlsplit(src).netloc


def _link(url: str) -> tuple[str, str]:
    """(the address, what follows it): a sentence's full stop or an unopened bracket is not the address's."""
    tail = ""
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSERS and url.count(last) > url.count(_CLOSERS[last])):
            tail, url = last + tail, url[:-1]
        else:
            break
    return url, tail


def linkify_text(text: str) -> str:
    """Escaped ``text`` with every bare http(s) address made a link."""
    out, last = [], 0
    for match in _BARE_URL.finditer(text):
        url, tail = _link(match.group())
        try:
            host = urlsplit(url).hostname
        except ValueError:  # "http://[not-an-address"
            host = None
        if not host or len(url) > 1000:
            continue
        out.append(html.escape(text[last : match.start()], quote=False))
        href = html.escape(url, quote=True)
        out.append(f'<a href="{href}" rel="noopener noreferrer">{html.escape(url, quote=False)}</a>')
        out.append(html.escape(tail, quote=False))
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


class _Sanitiser(HTMLParser):
    def __init__(self, *, images: Collection[str] | None = None, linkify: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0
        self.images = images
        self.linkify = linkify

    def handle_starttag(self, tag, attrs):
        tag = RENAMED.get(tag, tag)
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
            if tag == "img" and name == "src" and not _site_image(value.strip(), self.images):
                continue
            if name in {"width", "height", "colspan", "rowspan", "start"} and not _NUMERIC.match(value):
                continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        if tag == "img" and not any(k.startswith(" src=") for k in kept):
            return  # a picture that may not be shown is left out, not kept as an empty frame
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
        tag = RENAMED.get(tag, tag)
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
        if self.dropping:
            return
        if self.linkify and "a" not in self.open:
            self.out.append(linkify_text(data))
        else:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        self.out.extend(f"</{t}>" for t in reversed(self.open))
        return "".join(self.out)


def sanitize_html(value: str, *, images: Collection[str] | None = None, linkify: bool = False) -> str:
    """The allow-listed HTML of ``value``; ``images``: the only picture addresses allowed, if given."""
    parser = _Sanitiser(images=images, linkify=linkify)
    parser.feed(value or "")
    return parser.result()


def text_to_paragraphs(value: str) -> str:
    """Plain text as HTML paragraphs: a blank line ends a paragraph, a single newline is a <br>.

    Markup inside the text (``<strong>``, a link) stays markup; the sanitiser sees it next.
    """
    blocks = re.split(r"\n[ \t\u3000]*\n", value.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = [block.strip("\n") for block in blocks if block.strip()]
    return "".join("<p>" + "<br>".join(p.split("\n")) + "</p>" for p in paragraphs)


def clean_body(value: str, *, images: Collection[str] = ()) -> str:
    """A document body as it is saved: paragraphs from plain text, sanitised, bare addresses linked."""
    value = value or ""
    if not _BLOCK_MARKUP.search(value):
        value = text_to_paragraphs(value)
    return sanitize_html(value, images=images, linkify=True)


def html_to_text(value: str) -> str:
    """The visible text of a sanitised body (for scanning and search)."""
    return html.unescape(re.sub(r"<[^>]+>", "", value or ""))
