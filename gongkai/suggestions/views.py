"""Staff pages of the 意见箱: the queue with its filters, a message's file, and its steps."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.models import AuditEvent
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Role

from . import forms, services
from .access import access_message, messages_for
from .models import Message, Status

VIEWS = {
    "pending": "待答复",
    "overdue": "已逾期",
    "answered": "已答复",
    "invalid": "无效",
    "all": "全部",
}


@login_required
def message_list(request):
    today = timezone.localdate()
    view = request.GET.get("view", "pending")
    if view not in VIEWS:
        view = "pending"
    rows = messages_for(request.user)
    if view == "pending":
        rows = rows.pending().order_by("due_on", "id")
    elif view == "overdue":
        rows = rows.overdue(today).order_by("due_on", "id")
    elif view == "answered":
        rows = rows.filter(status=Status.ANSWERED).order_by("-replied_at", "-id")
    elif view == "invalid":
        rows = rows.filter(status=Status.INVALID).order_by("-received_at", "-id")
    query = request.GET.get("q", "").strip()
    if query:
        # Number or subject only: searching by the writer's name or contact would reveal them.
        rows = rows.filter(number__icontains=query) | rows.filter(subject__icontains=query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/message_list.html",
        {"page": page, "view": view, "views": VIEWS, "q": query, "today": today},
    )


def _action_forms(message: Message, user) -> dict:
    """The steps this person may take on the message in its current state, as blank forms."""
    if not roles_in(user, message.agency) - {Role.SUPERVISOR}:
        return {}
    available = {}
    if message.status == Status.PENDING:
        if services.may_act(user, message, "reply"):
            available["reply"] = forms.ReplyForm(prefix="reply", message=message)
        if services.may_act(user, message, "assign"):
            available["assign"] = forms.AssignForm(prefix="assign", message=message)
            available["invalid"] = forms.InvalidForm(prefix="invalid")
    elif message.status == Status.ANSWERED and services.may_act(user, message, "publish"):
        if message.is_published:
            available["withdraw"] = forms.WithdrawForm(prefix="withdraw")
        elif message.publish_allowed:
            available["publish"] = None  # a button, nothing to fill in
    return available


def _render_detail(request, message: Message, *, bound: dict | None = None, status: int = 200):
    action_forms = _action_forms(message, request.user)
    action_forms.update(bound or {})
    events = AuditEvent.objects.filter(target_type__model="message", target_id=str(message.pk)).select_related("actor")
    return render(
        request,
        "suggestions/message_detail.html",
        {
            "message": message,
            "action_forms": action_forms,
            "read_only": not roles_in(request.user, message.agency) - {Role.SUPERVISOR},
            "events": events.order_by("at", "id"),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def message_detail(request, pk):
    return _render_detail(request, access_message(request.user, pk))


@login_required
def message_contact(request, pk):
    """The writer's name and contact; every view is logged (personal information)."""
    message = services.view_contact(actor=request.user, message=access_message(request.user, pk))
    return render(request, "suggestions/message_contact.html", {"message": message})


ACTIONS = {
    "reply": (forms.ReplyForm, "已答复", "答复"),
    "assign": (forms.AssignForm, "已分办", "分办"),
    "invalid": (forms.InvalidForm, "已标记为无效留言", "标记无效"),
    "publish": (None, "已公开", "公开"),
    "withdraw": (forms.WithdrawForm, "已撤回公开", "撤回公开"),
}


@login_required
@require_POST
def message_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    message = access_message(request.user, pk, write=True)
    form_class, done, _ = ACTIONS[action]
    form = None
    if form_class is not None:
        extra = {"message": message} if form_class in (forms.ReplyForm, forms.AssignForm) else {}
        form = form_class(request.POST, prefix=action, **extra)
        if not form.is_valid():
            return _render_detail(request, message, bound={action: form}, status=400)
    try:
        _perform(action, request.user, message, form)
    except PermissionDenied as e:
        flash.error(request, str(e))
    except ValidationError as e:
        if form is None:
            flash.error(request, "；".join(e.messages))
        else:
            for message_text in e.messages:
                form.add_error(None, message_text)
            return _render_detail(request, message, bound={action: form}, status=400)
    else:
        flash.success(request, f"{message.number} {done}")
    return redirect("suggestions:detail", pk=message.pk)


def _perform(action: str, actor, message: Message, form) -> None:
    data = form.cleaned_data if form is not None else {}
    if action == "reply":
        services.reply_to_message(actor=actor, message=message, reply=data["reply"], publish=data.get("publish", False))
    elif action == "assign":
        services.assign_message(actor=actor, message=message, department=data["department"])
    elif action == "invalid":
        services.mark_invalid(actor=actor, message=message, reason=form.reason_text())
    elif action == "publish":
        services.publish_reply(actor=actor, message=message)
    elif action == "withdraw":
        services.withdraw_reply(actor=actor, message=message, reason=data["reason"])
