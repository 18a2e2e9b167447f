"""The access doors: every agency-owned object is reached through one of these.

A user reaching an object of an agency they may not read gets 404, exactly as for an object
that does not exist, so URLs reveal nothing about other agencies. Supervisors read their
agency's whole subtree and may change nothing; other roles act in their own agency.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import READ_ONLY_ROLES, Agency, Department, Membership, Role


def _memberships(user) -> list[tuple[int, str, str]]:
    """(agency id, agency path, role) for the user, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, agency__is_active=True).values_list(
                "agency_id", "agency__path", "role"
            )
        )
        user._gongkai_memberships = cached
    return cached


def readable_agencies(user) -> QuerySet[Agency]:
    """Agencies whose objects the user may see: own agencies and supervised subtrees."""
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    condition = Q(pk__in=[agency_id for agency_id, _, _ in _memberships(user)])
    for _, path, role in _memberships(user):
        if role == Role.SUPERVISOR:
            condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition, is_active=True)


def writable_agencies(user, roles: Iterable[str] | None = None) -> QuerySet[Agency]:
    """Agencies in which the user holds an acting role (any of ``roles``, if given)."""
    wanted = set(roles) if roles is not None else None
    ids = [
        agency_id
        for agency_id, _, role in _memberships(user)
        if role not in READ_ONLY_ROLES and (wanted is None or role in wanted)
    ]
    return Agency.objects.filter(pk__in=ids, is_active=True)


def roles_in(user, agency: Agency) -> set[str]:
    """The roles the user holds directly in ``agency`` (supervision of a parent not included)."""
    return {role for agency_id, _, role in _memberships(user) if agency_id == agency.pk}


def scope(queryset: QuerySet, user, *, field: str = "agency", write: bool = False) -> QuerySet:
    """Restrict any agency-owned queryset to what the user may read (or change)."""
    agencies = writable_agencies(user) if write else readable_agencies(user)
    return queryset.filter(**{f"{field}__in": agencies})


def access_agency(user, code: str, *, write: bool = False) -> Agency:
    """The agency with this code, if the user may read it (or act in it); otherwise 404."""
    agencies = writable_agencies(user) if write else readable_agencies(user)
    try:
        return agencies.get(code=code)
    except Agency.DoesNotExist:
        raise Http404("没有找到该机关") from None


def access_department(user, pk: int, *, write: bool = False) -> Department:
    try:
        return scope(Department.objects.select_related("agency"), user, write=write).get(pk=pk)
    except (Department.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该科室") from None


def require_role(user, agency: Agency, *roles: str) -> None:
    """Refuse (403) a user who can see ``agency`` but holds none of ``roles`` in it.

    Call after an access_* door: the door already turned foreign objects into 404.
    """
    if not roles_in(user, agency) & set(roles):
        labels = "、".join(Role(r).label for r in roles)
        raise PermissionDenied(f"此操作需要以下角色之一：{labels}")
