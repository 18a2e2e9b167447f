from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from gongkai.core.admin import ReadOnlyAdmin

from .models import Letter, LetterTemplate


@admin.register(Letter)
# Issued letters are evidence and templates pass checks in services: nothing is edited here.
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "agency", "reference", "issued_at", "actor_label"]
    list_filter = ["kind", "year"]
    search_fields = ["number", "reference"]
    date_hierarchy = "issued_at"
    fields = ["number", "kind", "agency", "reference", "issued_at", "issued_by", "actor_label", "context", "files"]
    readonly_fields = fields

    def get_queryset(self, request):
        # The stored files are large; the list and the page need only their links.
        return super().get_queryset(request).defer("docx", "pdf").select_related("agency")

    @admin.display(description="文件")
    def files(self, obj):
        return format_html(
            '<a href="{}">Word</a> · <a href="{}">PDF</a>',
            reverse("letters:docx", args=[obj.pk]),
            reverse("letters:pdf", args=[obj.pk]),
        )


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyAdmin):
    list_display = ["agency", "kind", "updated_at", "updated_by"]
    list_filter = ["kind"]
    fields = ["agency", "kind", "updated_at", "updated_by"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("docx").select_related("agency", "updated_by")
