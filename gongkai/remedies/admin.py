from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from gongkai.core.admin import ReadOnlyAdmin

from .models import Hearing, RemedyCase, RemedyDocument


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HearingInline(ReadOnlyInline):
    model = Hearing
    fields = ["on", "note"]
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = RemedyDocument
    fields = ["name", "content_type", "size", "uploaded_at", "uploaded_by", "download"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    @admin.display(description="下载")
    def download(self, obj):
        return format_html('<a href="{}">下载</a>', reverse("remedies:document", args=[obj.remedy_id, obj.pk]))


@admin.register(RemedyCase)
class RemedyCaseAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through remedies.services, which checks it and logs it."""

    list_display = ["number", "kind", "agency", "applicant_name", "filed_on", "reply_due_on", "replied_on", "outcome"]
    list_filter = ["kind", "outcome"]
    search_fields = ["number", "applicant_name", "body"]
    date_hierarchy = "filed_on"
    fields = [
        "agency",
        "number",
        "kind",
        "body",
        "applicant_name",
        "filed_on",
        "served_on",
        "simplified",
        "reply_due_on",
        "reply_due_provisional",
        "reply_due_explanation",
        "replied_on",
        "outcome",
        "decided_on",
        "cases",
    ]
    readonly_fields = fields
    inlines = [HearingInline, DocumentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")
