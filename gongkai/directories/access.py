"""The door to 标准目录 items: staff of the agency read them; the office head and administrators edit."""

from __future__ import annotations

from django.http import Http404

from gongkai.organizations.access import scope
from gongkai.organizations.models import Role

from .models import DirectoryItem

EDITORS = (Role.OFFICE_HEAD, Role.ADMINISTRATOR)


def items_for(user, *, write: bool = False):
    return scope(DirectoryItem.objects.select_related("agency", "department"), user, write=write)


def access_item(user, pk, *, write: bool = False) -> DirectoryItem:
    try:
        return items_for(user, write=write).get(pk=pk)
    except (DirectoryItem.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该目录事项") from None
