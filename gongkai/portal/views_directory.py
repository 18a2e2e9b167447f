"""The agency's public 标准目录 (主动公开全清单): one table per area, in the official layout.

Each item shows how many documents are published under it and the latest one; ``?item=<id>``
lists them all under the tables. Only public documents (catalog.selectors.public_documents) are
counted or linked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.catalog.selectors import public_documents
from gongkai.directories.models import DirectoryItem
from gongkai.directories.tables import area_title
from gongkai.organizations.models import Agency


@dataclass
class Row:
    number: int
    item: DirectoryItem
    level1_rows: int  # rowspan of the 一级事项 cell; 0 where the cell above spans this row
    count: int
    latest: object


def directory(request, agency_code: str):
    agency = get_object_or_404(Agency, code=agency_code, is_active=True)
    items = list(DirectoryItem.objects.current().filter(agency=agency))
    documents = public_documents(agency).filter(directory_item__in=[i.pk for i in items])
    counts = dict(
        documents.order_by().values("directory_item").annotate(n=Count("id")).values_list("directory_item", "n")
    )
    latest = {}
    for document in documents.order_by("directory_item", "-published_on", "-pk").only(
        "pk", "title", "published_on", "directory_item"
    ):
        latest.setdefault(document.directory_item_id, document)
    grouped: dict[str, list[DirectoryItem]] = {}
    for item in items:
        grouped.setdefault(item.area, []).append(item)
    areas = []
    for index, (area, members) in enumerate(grouped.items(), start=1):
        rows = []
        for number, item in enumerate(members, start=1):
            span = 0
            if number == 1 or members[number - 2].level1 != item.level1:
                span = 1
                while number - 1 + span < len(members) and members[number - 1 + span].level1 == item.level1:
                    span += 1
            rows.append(Row(number, item, span, counts.get(item.pk, 0), latest.get(item.pk)))
        areas.append({"title": area_title(index, area), "id": f"area-{index}", "rows": rows})
    chosen, chosen_documents = None, []
    if item_id := request.GET.get("item"):
        chosen = next((i for i in items if str(i.pk) == item_id), None)
        if chosen is None:
            raise Http404("没有找到该目录事项")
        chosen_documents = list(documents.filter(directory_item=chosen).order_by("-published_on", "-pk"))
    return render(
        request,
        "portal/directory.html",
        {
            "agency": agency,
            "nav": "directory",
            "areas": areas,
            "chosen": chosen,
            "chosen_documents": chosen_documents,
        },
    )
