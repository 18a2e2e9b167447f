"""The annual report as PDF: the standalone HTML printed by WeasyPrint with report.css embedded.

The stylesheet is read from disk and handed to WeasyPrint (it is not linked), and the URL fetcher
allows data: URIs only, so rendering never touches the network or the file system beyond that one
file. A4 with page numbers comes from report.css (@page); fonts are the system Noto CJK fonts.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .html import STYLESHEET, render_report_html

# The project's static/ directory (STATICFILES_DIRS); staticfiles' finders are asked first.
CSS_PATH = Path(__file__).resolve().parents[3] / "static" / STYLESHEET

# WeasyPrint reports every layout step at INFO; its warnings (a missing font) still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def stylesheet_text() -> str:
    from django.contrib.staticfiles import finders

    found = finders.find(STYLESHEET)
    path = Path(found) if isinstance(found, str) else CSS_PATH
    return path.read_text(encoding="utf-8")


def render_pdf(report: dict) -> bytes:
    """The report as an A4 PDF (fetches nothing: no http(s), no file: URLs)."""
    # Imported here: WeasyPrint loads Pango and fonts, which only PDF rendering needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    html = render_report_html(report, standalone=True, stylesheet=None)
    css = CSS(string=stylesheet_text(), url_fetcher=fetcher, media_type="print")
    return HTML(string=html, url_fetcher=fetcher, media_type="print").write_pdf(stylesheets=[css])
