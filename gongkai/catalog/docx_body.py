"""A Word (.docx) file as body HTML, with mammoth. Runs in core.isolation's worker: no Django here.

Word's heading styles (标题 1–3, Heading 1–3, and 标题 4 and below) become h2–h4, since the page's
h1 is the document's title. Tables keep their merged cells. Pictures are returned as bytes with a
placeholder address (``word-image:N``) for the caller to store as attachments. Footnotes stay as
text: the reference as a superscript ``[1]`` and the notes as a numbered list after a 注释 line;
mammoth's in-page anchors and back links are taken out (the sanitiser drops ids anyway).
"""

from __future__ import annotations

import io
import re

import mammoth

from gongkai.core.isolation import IsolationError

PLACEHOLDER = "word-image:"
MAX_IMAGES = 30  # a document's attachment limit; more pictures than that belong in separate files
PICTURE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}

_LEVELS = {1: "h2", 2: "h3", 3: "h4", 4: "h4", 5: "h4", 6: "h4"}
STYLE_MAP = (
    "\n".join(
        f"p[style-name='{name}'] => {tag}:fresh"
        for level, tag in _LEVELS.items()
        for name in (f"Heading {level}", f"heading {level}", f"标题 {level}", f"标题{level}")
    )
    + "\np[style-name='Title'] => h2:fresh\np[style-name='标题'] => h2:fresh"
)

_NOTE_REF = re.compile(
    r'<sup><a href="#(?:footnote|endnote)-\d+" id="(?:footnote|endnote)-ref-\d+">(\[\d+\])</a></sup>'
)
_BACK_LINK = re.compile(r'\s*<a href="#(?:footnote|endnote)-ref-\d+">↑</a>')
_NOTES_START = re.compile(r'<ol><li id="(?:footnote|endnote)-\d+">')


def convert_docx(data: bytes) -> dict:
    """{"html": str, "images": [(content_type, bytes)], "skipped_images": int}; IsolationError if unreadable."""
    images: list[tuple[str, bytes]] = []
    skipped = 0

    def picture(image) -> dict:
        nonlocal skipped
        content_type = (image.content_type or "").lower()
        if content_type not in PICTURE_TYPES or len(images) >= MAX_IMAGES:
            skipped += 1
            return {}
        with image.open() as stream:
            images.append((content_type, stream.read()))
        attrs = {"src": f"{PLACEHOLDER}{len(images) - 1}"}
        if image.alt_text:
            attrs["alt"] = image.alt_text
        return attrs

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(picture)
        )
    except (KeyError, ValueError, OSError, EOFError) as e:
        raise IsolationError("无法读取该Word文件：文件已损坏，或不是Word 2007及以后版本的 .docx 文件") from e
    html = _NOTE_REF.sub(r"<sup>\1</sup>", result.value)
    html = _BACK_LINK.sub("", html)
    html = _NOTES_START.sub(lambda m: "<p>注释：</p>" + m.group(), html, count=1)
    return {"html": html, "images": images, "skipped_images": skipped}
