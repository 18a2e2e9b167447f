"""The door to remedy cases: every view reaches one through access_remedy (foreign → 404)."""

from __future__ import annotations

from django.http import Http404

from gongkai.organizations.access import scope

from .models import RemedyCase


def remedies_for(user, *, write: bool = False):
    return scope(RemedyCase.objects.select_related("agency"), user, write=write)


def access_remedy(user, pk, *, write: bool = False) -> RemedyCase:
    try:
        return remedies_for(user, write=write).get(pk=pk)
    except (RemedyCase.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该复议诉讼案件") from None
