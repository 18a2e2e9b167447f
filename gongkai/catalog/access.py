"""The door to catalogue documents: every view reaches a document through access_document (foreign → 404)."""

from __future__ import annotations

from django.http import Http404

from gongkai.organizations.access import scope

from .models import Document


def documents_for(user, *, write: bool = False):
    return scope(Document.objects.select_related("agency", "department", "author"), user, write=write)


def access_document(user, pk, *, write: bool = False) -> Document:
    try:
        return documents_for(user, write=write).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该文件") from None
