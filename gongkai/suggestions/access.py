"""The door to messages: every staff view reaches a message through access_message (foreign → 404)."""

from __future__ import annotations

from django.http import Http404

from gongkai.organizations.access import scope

from .models import Message


def messages_for(user, *, write: bool = False):
    return scope(Message.objects.select_related("agency", "department", "replied_by"), user, write=write)


def access_message(user, pk, *, write: bool = False) -> Message:
    try:
        return messages_for(user, write=write).get(pk=pk)
    except (Message.DoesNotExist, ValueError, TypeError):
        raise Http404("没有找到该留言") from None
