"""Staff pages for the catalogue: the list and queue, drafting, the document file and its review steps.

Every page reaches documents through catalog.access (foreign → 404); every change goes through
catalog.services, which check the user's role in the document's agency and the transition table.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.organizations.access import access_agency, readable_agencies, require_role, roles_in
from gongkai.organizations.models import Role

from . import forms
from . import services as s
from .access import access_document, documents_for
from .body_import import draft_from_word, import_word_body, read_word
from .checks import ERROR, pre_publication_checks
from .legacy import IMPORTERS
from .links import document_links
from .models import KINDS_WITH_VALIDITY, Document, Kind, Status
from .queues import TODO_LABELS, queue_filter, view_filter
from .tasks import link_check_queued
from .views_history import report_masking

# step → (form, service call, success message)
STEPS = {
    "submit": (
        forms.NoteForm,
        lambda u, d, c: s.submit_document(actor=u, document=d, note=c["note"]),
        "已提交科室审核",
    ),
    "approve": (
        forms.OpinionForm,
        lambda u, d, c: s.approve_by_department(actor=u, document=d, opinion=c["opinion"]),
        "科室审核通过",
    ),
    "secrecy_review": (
        forms.SecrecyForm,
        lambda u, d, c: s.record_secrecy_review(actor=u, document=d, opinion=c["opinion"]),
        "已记录保密审查意见",
    ),
    "sign_off": (
        forms.SignOffForm,
        lambda u, d, c: s.sign_off(actor=u, document=d, opinion=c["opinion"]),
        "已签发",
    ),
    "publish": (
        forms.PublishForm,
        lambda u, d, c: s.publish_document(
            actor=u, document=d, scheduled_at=c["scheduled_at"], override_reason=c["override_reason"]
        ),
        "已发布",
    ),
    "reject": (forms.ReasonForm, lambda u, d, c: s.reject_document(actor=u, document=d, reason=c["reason"]), "已退回"),
    "unpublish": (
        forms.ReasonForm,
        lambda u, d, c: s.unpublish_document(actor=u, document=d, reason=c["reason"]),
        "已撤下",
    ),
    "repeal": (
        forms.RepealForm,
        lambda u, d, c: s.repeal_document(actor=u, document=d, on=c["on"], reason=c["reason"]),
        "已废止",
    ),
    # Says exactly what was masked where and what remains (views_history.report_masking).
    "mask": (forms.EmptyForm, lambda u, d, c: s.mask_personal_data(actor=u, document=d), report_masking),
    "withdraw": (
        forms.WithdrawForm,
        lambda u, d, c: s.withdraw_document(actor=u, document=d, reason=c["reason"]),
        "已撤回，索引号不再使用",
    ),
}
# Steps whose precondition is services.steps.check_step (the others check role and state only).
CHECKED_STEPS = {"submit", "approve", "secrecy_review", "sign_off", "publish", "reject", "withdraw"}
MASK_ALLOWED = {Status.DRAFT}


def _queue(user) -> Q:
    """Documents waiting for this user: their own drafts and every step they may take (catalog.queues)."""
    return queue_filter(user)


@login_required
def document_list(request):
    documents = documents_for(request.user)
    view = request.GET.get("view", "queue")
    todo = view_filter(request.user, view)
    if todo is not None:
        documents = documents.filter(todo)
    elif view in Status.values:
        documents = documents.filter(status=view)
    query = request.GET.get("q", "").strip()
    if query:
        documents = documents.filter(Q(title__icontains=query) | Q(index_number__icontains=query))
    page = Paginator(documents.order_by("-published_on", "-created_at", "-id"), 50).get_page(request.GET.get("page"))
    drafting_agencies = [a for a in readable_agencies(request.user) if roles_in(request.user, a) & s.DRAFTERS]
    return render(
        request,
        "catalog/document_list.html",
        {
            "page": page,
            "view": view,
            "q": query,
            "statuses": Status.choices,
            "todo_label": TODO_LABELS.get(view, ""),
            "drafting_agencies": drafting_agencies,
            # The word lists behind the pre-publication checks, of each agency the user works in.
            "word_agencies": [a for a in readable_agencies(request.user) if roles_in(request.user, a)],
            # Where the user may import an earlier catalogue (catalog.views_legacy).
            "import_agencies": [a for a in readable_agencies(request.user) if roles_in(request.user, a) & IMPORTERS],
        },
    )


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def document_new(request, code):
    agency = access_agency(request.user, code, write=True)
    require_role(request.user, agency, *s.DRAFTERS)
    # A 政策解读 is drafted from its policy's page (?interprets=<pk>), through the same door.
    policy_pk = request.POST.get("interprets") or request.GET.get("interprets")
    policy = access_document(request.user, policy_pk, write=True) if policy_pk else None
    if policy is not None and policy.agency_id != agency.pk:
        raise Http404("没有找到该文件")
    initial = (
        {
            "item": policy.item,
            "subject": policy.subject,
            "department": policy.department_id,
            "title": f"《{policy.title}》政策解读",
        }
        if policy
        else {}
    )
    form = forms.DocumentForm(request.POST or None, agency=agency, initial=initial)
    word_form = forms.WordImportForm(request.POST or None, request.FILES or None, prefix="word")
    word_form.fields["docx"].required = False  # the body may be typed instead
    if policy is not None:
        del form.fields["kind"]
    if request.method == "POST" and form.is_valid() and word_form.is_valid():
        d = dict(form.cleaned_data)
        try:
            word = read_word(word_form.cleaned_data["docx"]) if word_form.cleaned_data["docx"] else None
            document, notes = draft_from_word(
                actor=request.user,
                word=word,
                agency=agency,
                interprets=policy,
                department=d.pop("department"),
                title=d.pop("title"),
                item=d.pop("item"),
                issuing_body=d.pop("issuing_body"),
                **d,
            )
        except ValidationError as e:
            _form_errors(word_form if "docx" in getattr(e, "error_dict", {}) else form, e)
        else:
            messages.success(request, f"已起草，索引号 {document.index_number}")
            for note in notes:
                messages.warning(request, note)
            return redirect("catalog:detail", pk=document.pk)
    return render(
        request,
        "catalog/document_new.html",
        {"form": form, "word_form": word_form, "agency": agency, "policy": policy},
        status=400 if form.errors or word_form.errors else 200,
    )


@login_required
def document_edit(request, pk):
    """Edit a draft (the author's side: returned drafts are corrected here, then submitted again)."""
    document = access_document(request.user, pk, write=True)
    require_role(request.user, document.agency, *s.DRAFTERS)
    if document.status != Status.DRAFT:
        messages.error(request, f"当前状态为“{document.get_status_display()}”，只有草稿可以修改")
        return redirect("catalog:detail", pk=document.pk)
    form = _edit_form(document, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            s.update_document(actor=request.user, document=document, **form.cleaned_data)
        except ValidationError as e:
            _form_errors(form, e)
        else:
            messages.success(request, "已保存")
            return redirect("catalog:detail", pk=document.pk)
    return _edit_page(request, document, form, forms.WordImportForm(prefix="word"))


def _edit_form(document: Document, data) -> forms.DocumentForm:
    initial = {name: getattr(document, name) for name in s.EDITABLE_FIELDS}
    form = forms.DocumentForm(data, agency=document.agency, initial=initial)
    if document.kind == Kind.INTERPRETATION:
        del form.fields["kind"]
    # The editor offers the draft's picture attachments (the only pictures a body may show).
    pictures = document.attachments.filter(content_type__startswith="image/")
    form.fields["body"].widget.attrs["data-images"] = json.dumps(
        [{"src": reverse("catalog_files:download", args=[a.pk]), "name": a.name} for a in pictures],
        ensure_ascii=False,
    )
    return form


def _edit_page(request, document, form, word_form):
    failed = form.errors or word_form.errors
    context = {"form": form, "word_form": word_form, "document": document}
    return render(request, "catalog/document_edit.html", context, status=400 if failed else 200)


@login_required
@require_POST
def document_import_word(request, pk):
    """从Word导入正文 on the edit page: the Word file's content replaces the draft's body."""
    document = access_document(request.user, pk, write=True)
    require_role(request.user, document.agency, *s.DRAFTERS)
    word_form = forms.WordImportForm(request.POST, request.FILES, prefix="word")
    if word_form.is_valid():
        try:
            word = read_word(word_form.cleaned_data["docx"])
            notes = import_word_body(actor=request.user, document=document, word=word)
        except ValidationError as e:
            _form_errors(word_form, e)
        except PermissionDenied as e:
            messages.error(request, str(e))
            return redirect("catalog:detail", pk=document.pk)
        else:
            messages.success(request, f"已从《{word_form.cleaned_data['docx'].name}》导入正文，请核对后保存或提交")
            for note in notes:
                messages.warning(request, note)
            return redirect("catalog:edit", pk=document.pk)
    return _edit_page(request, document, _edit_form(document, None), word_form)


def _step_forms(document: Document, user, problems=()) -> dict:
    """The steps that would succeed now, each as a blank form (the services' own precondition check)."""
    held = roles_in(user, document.agency)
    if not held - {Role.SUPERVISOR}:
        return {}
    out = {}
    for step, (form_class, _, _) in STEPS.items():
        if step in CHECKED_STEPS:
            if s.refusal(document, step, actor=user) is not None:
                continue
            # Errors of the pre-publication check are listed on the page; publishing waits for them.
            if step == "publish" and any(p.severity == ERROR for p in problems):
                continue
        else:
            allowed = MASK_ALLOWED if step == "mask" else s.ALLOWED[step]
            roles = s.DRAFTERS if step == "mask" else s.STEP_ROLES[step]
            if document.status not in allowed or not held & roles:
                continue
            if step == "repeal" and not document.needs_validity:
                continue
        out[step] = form_class(prefix=step)
    return out


def _detail_context(request, document: Document) -> dict:
    can_draft = bool(roles_in(request.user, document.agency) & s.DRAFTERS)
    versions = list(document.versions.select_related("actor"))
    problems = []
    if document.status in {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.DEPT_APPROVED,
        Status.SECRECY_REVIEWED,
        Status.SIGNED,
    }:
        from gongkai.deadlines.calendars import current_calendar  # as services: loaded when needed

        problems = pre_publication_checks(document, published_on=timezone.localdate(), calendar=current_calendar())
    opinions = list(document.opinions.select_related("with_document"))
    return {
        "document": document,
        "opinions": opinions,
        "companions": s.companions(document),
        "publish_blocked": document.status == Status.SIGNED
        and any(p.severity == ERROR for p in problems)
        and bool(roles_in(request.user, document.agency) & s.STEP_ROLES["publish"]),
        "versions": versions,
        "problems": problems,
        "interpretations": document.interpretations.all(),
        "step_forms": _step_forms(document, request.user, problems),
        "can_edit": document.status == Status.DRAFT and can_draft,
        "can_interpret": can_draft and document.kind in KINDS_WITH_VALIDITY,
        "attachments": list(document.attachments.all()),
        "attachment_form": forms.AttachmentForm(prefix="attachment"),
        "link_checks": (link_checks := list(document.link_checks.order_by("source", "url"))),
        # With no results yet: a check on its way, or nothing to check at all (said as such).
        "links_queued": link_check_queued(document),
        "has_links": bool(link_checks) or bool(document_links(document)),
        "can_check_links": bool(roles_in(request.user, document.agency) - {Role.SUPERVISOR}),
        "step_labels": {**s.STEP_LABELS, "mask": "一键屏蔽个人信息"},
        "approval_forms": [("publish", "发布审批单"), ("secrecy", "保密审查审批单")] if opinions else [],
    }


@login_required
def document_detail(request, pk):
    document = access_document(request.user, pk)
    return render(request, "catalog/document_detail.html", _detail_context(request, document))


@login_required
@require_POST
def document_step(request, pk, step):
    document = access_document(request.user, pk, write=True)
    if step not in STEPS:
        raise Http404
    form_class, call, done = STEPS[step]
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        try:
            result = call(request.user, document, form.cleaned_data)
        except s.PublicationBlocked as e:
            messages.error(request, "；".join(e.messages))
        except (ValidationError, PermissionDenied) as e:
            messages.error(request, "；".join(getattr(e, "messages", None) or [str(e)]))
        else:
            if callable(done):
                done(request, result)
            else:
                messages.success(request, done)
            return redirect("catalog:detail", pk=document.pk)
    context = _detail_context(request, document)
    context["step_forms"][step] = form
    context["failed_step"] = step
    return render(request, "catalog/document_detail.html", context, status=400)


APPROVAL_FORMATS = {"html", "docx", "pdf"}


@login_required
def approval_form(request, pk, kind, fmt):
    """The printable 发布审批单 / 保密审查审批单: a print view, a .docx, or the print view as PDF."""
    from . import approval

    document = access_document(request.user, pk)
    if kind not in approval.TITLES or fmt not in APPROVAL_FORMATS:
        raise Http404("没有找到该审批单")
    if fmt == "html":
        return HttpResponse(approval.form_html(document, kind))
    name = f"{approval.TITLES[kind]}-{document.index_number.replace('/', '-')}.{fmt}"
    if fmt == "docx":
        data = approval.form_docx(document, kind)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = approval.form_pdf(document, kind)
        content_type = "application/pdf"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response
