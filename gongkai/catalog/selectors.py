"""Read-side queries over the catalogue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from gongkai.organizations.models import Agency

from .models import Disclosure, Document, Kind, NoInformationDeclaration, Status

_KEYS = {"rules": Kind.RULE, "normative_documents": Kind.NORMATIVE}
_EVER_PUBLISHED = [Status.PUBLISHED, Status.UNPUBLISHED, Status.REPEALED]
# What the public sees: published documents, and repealed ones (shown marked 废止).
PUBLIC_STATUSES = (Status.PUBLISHED, Status.REPEALED)


def public_documents(agency: Agency | None = None) -> QuerySet[Document]:
    """The one door for public pages, search, feeds, the API and the site self-check."""
    documents = Document.objects.filter(
        status__in=PUBLIC_STATUSES, disclosure=Disclosure.PROACTIVE, agency__is_active=True
    )
    return documents.filter(agency=agency) if agency is not None else documents


def no_information(agency: Agency, *, on: dt.date | None = None) -> dict[str, NoInformationDeclaration]:
    """The agency's 本机关无此类信息 declarations by item (those made by ``on``, if given)."""
    declarations = NoInformationDeclaration.objects.filter(agency=agency).select_related("declared_by")
    if on is not None:
        declarations = declarations.filter(declared_on__lte=on)
    return {d.item: d for d in declarations}


def document_counts(*, agency: Agency, year: int, fmt_code: str) -> dict[str, dict[str, int]]:
    """Annual report table 二 (一): 规章 and 行政规范性文件 counts for ``year`` in the report format.

    2021: issued (published in the year), repealed (in the year), in_force (valid on 31 Dec).
    2019: made (written in the year), published (in the year), total_public (public on 31 Dec).
    """
    end = dt.date(year, 12, 31)
    out: dict[str, dict[str, int]] = {}
    for key, kind in _KEYS.items():
        documents = Document.objects.filter(agency=agency, kind=kind, status__in=_EVER_PUBLISHED)
        published_by_end = documents.filter(published_on__lte=end)
        not_unpublished = Q(unpublished_on__isnull=True) | Q(unpublished_on__gt=end)
        if fmt_code == "2021":
            out[key] = {
                "issued": documents.filter(published_on__year=year).count(),
                "repealed": documents.filter(repealed_on__year=year).count(),
                "in_force": published_by_end.filter(not_unpublished)
                .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
                .exclude(validity="expired", validity_changed_on__lte=end)
                .count(),
            }
        elif fmt_code == "2019":
            out[key] = {
                "made": documents.filter(written_on__year=year).count(),
                "published": documents.filter(published_on__year=year).count(),
                "total_public": published_by_end.filter(not_unpublished).count(),
            }
        else:
            raise ValueError(f"unknown report format {fmt_code!r}")
    return out
