"""The public side of the 意见箱: leave a message, look up its reply, read published answers.

No login: the agency in the URL must be active (else 404). What a visitor may see of an
unpublished message is decided by knowing its number and query code, under a rate limit.
"""

from __future__ import annotations

import secrets

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core import receipts, throttle
from gongkai.organizations.models import Agency
from gongkai.statute.periods import MESSAGE_REPLY_WORKING_DAYS

from . import services
from .forms import HONEYPOT, SUBMISSION_KEY, LookupForm, MessageForm
from .models import Message
from .selectors import published_messages

# Session entry of the last message this browser left: {"agency", "message", "code"}.
# The query code is emptied once shown; it never appears in a URL.
RECEIPT = "suggestions.receipt"
PAGE_SIZE = 20

LOOKUP_FAILED = "留言编号或查询码不正确，请核对后重试。"
LOOKUP_REFUSED = (
    f"查询失败次数过多，为保护留言人的信息，请{throttle.BLOCK_SECONDS // 60}分钟后再试。"
    "如遗失查询码，请联系本机关政府信息公开工作机构。"
)


def _agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code, is_active=True)


def _context(agency: Agency, **extra) -> dict:
    return {"agency": agency, "reply_days": MESSAGE_REPLY_WORKING_DAYS, "nav": "suggestions", **extra}


def message_list(request, agency_code: str):
    agency = _agency(agency_code)
    page = Paginator(published_messages(agency), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/public_list.html", _context(agency, page=page))


def message_detail(request, agency_code: str, pk: int):
    agency = _agency(agency_code)
    message = get_object_or_404(published_messages(agency), pk=pk)
    return render(request, "suggestions/public_detail.html", _context(agency, message=message))


@never_cache  # Back must fetch a fresh form (and key), or a second message would be taken for a repeat
@require_http_methods(["GET", "HEAD", "POST"])
def message_form(request, agency_code: str):
    agency = _agency(agency_code)
    http_status = 200
    if request.method != "POST":
        form, key = MessageForm(), secrets.token_urlsafe(32)
    else:
        form = MessageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submission = services.submit_message(
                    agency=agency,
                    name=data["name"],
                    contact=data["contact"],
                    subject=data["subject"],
                    body=data["body"],
                    publish_allowed=data["publish_allowed"],
                    client_ip=throttle.client_ip(request),
                    submission_key=data["submission_key"],
                )
            except services.SubmissionThrottled as e:
                form.add_error(None, e.messages)
                http_status = 429
            else:
                receipts.remember(
                    request,
                    RECEIPT,
                    agency_code=agency.code,
                    pk=submission.message.pk,
                    code=submission.query_code,
                    created=submission.created,
                )
                return redirect("suggestions_public:submitted", agency_code=agency.code)
        elif form.has_error(HONEYPOT):
            http_status = 400
        # Keep the key of this form so a corrected resubmission is still one message.
        typed_key = request.POST.get("submission_key", "")
        key = typed_key if SUBMISSION_KEY.fullmatch(typed_key) else secrets.token_urlsafe(32)
    return render(
        request,
        "suggestions/public_form.html",
        _context(agency, form=form, submission_key=key),
        status=http_status,
    )


@never_cache
def message_submitted(request, agency_code: str):
    agency = _agency(agency_code)
    receipt = receipts.take(request, RECEIPT, agency_code=agency.code)
    message = Message.objects.filter(agency=agency, pk=receipt.pk).first() if receipt else None
    if message is None:
        return redirect("suggestions_public:form", agency_code=agency.code)
    return render(
        request,
        "suggestions/public_submitted.html",
        _context(agency, message=message, query_code=receipt.code, repeat=receipt.repeat),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def message_lookup(request, agency_code: str):
    agency = _agency(agency_code)
    result, http_status = None, 200
    if request.method != "POST":
        form = LookupForm()
    else:
        form = LookupForm(request.POST)
        if form.is_valid():
            number, code = form.cleaned_data["number"], form.cleaned_data["code"]
            # Own namespace for the number counter: YJ2026-12 is not the case 2026-12.
            keys = throttle.lookup_keys(
                agency_code=f"messages:{agency.code}", client_ip=throttle.client_ip(request), number=number
            )
            if throttle.blocked(keys):
                form.add_error(None, LOOKUP_REFUSED)
                http_status = 429
            elif (message := services.lookup_message(agency=agency, number=number, code=code)) is None:
                throttle.record_failure(keys)
                form.add_error(None, LOOKUP_FAILED)
            else:
                result = message
    return render(
        request, "suggestions/public_lookup.html", _context(agency, form=form, result=result), status=http_status
    )
