"""The annual report as accessible HTML for the portal's 年度报告 column (and for the PDF).

Real tables with a caption, header cells with scope, and the official merges as rowspan/colspan
(the same layout the .docx is built from). No inline style or script and no external resource, so
the page passes the site's CSP: the look comes from static/gongkai/report.css.

The template is rendered by an explicit Engine on this app's template directory, so rendering
works whether or not gongkai.reports is in INSTALLED_APPS (management commands, tasks, tests).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.template import Context, Engine

from .layout import document_layout

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE = "reports/report_document.html"
STYLESHEET = "gongkai/report.css"


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES_DIR)], app_dirs=False, autoescape=True)


def stylesheet_url() -> str:
    """The static URL of report.css; the plain one when the manifest lacks it (no collectstatic yet)."""
    from django.conf import settings
    from django.templatetags.static import static

    try:
        return static(STYLESHEET)
    except ValueError:  # ManifestStaticFilesStorage before collectstatic
        return f"{settings.STATIC_URL.rstrip('/')}/{STYLESHEET}"


def render_report_html(report: dict, *, standalone: bool = True, stylesheet: str | None = "") -> str:
    """As render_html; ``stylesheet`` None leaves out the <link> (the PDF passes the CSS itself)."""
    context = {
        "document": document_layout(report),
        "standalone": standalone,
        "stylesheet": stylesheet_url() if stylesheet == "" else stylesheet,
    }
    return _engine().get_template(TEMPLATE).render(Context(context))


def render_html(report: dict, *, standalone: bool = True) -> str:
    """A complete HTML document linking report.css, or (standalone=False) just the <article>."""
    return render_report_html(report, standalone=standalone)
