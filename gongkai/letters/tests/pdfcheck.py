"""Reading a WeasyPrint PDF without a PDF library: its objects sit in deflated object streams."""

import re
import zlib


def inflated(pdf: bytes) -> bytes:
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(chunks)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", inflated(pdf)))


def font_names(pdf: bytes) -> set[str]:
    return {name.decode() for name in re.findall(rb"/BaseFont\s*/([\w+.-]+)", inflated(pdf))}
