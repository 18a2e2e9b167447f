"""The door to cases: every view reaches a case through access_case (foreign → 404)."""

from __future__ import annotations

from django.http import Http404

from gongkai.organizations.access import scope

from .models import Case


def cases_for(user, *, write: bool = False):
    return scope(Case.objects.select_related("agency", "department", "assignee"), user, write=write)


def access_case(user, pk, *, write: bool = False) -> Case:
    try:
        return cases_for(user, write=write).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该申请") from None
