from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import CheckWord, Document, DocumentVersion, LegacyImport, ReviewOpinion


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    readonly_fields = ("number", "created_at", "actor", "change")
    exclude = ("snapshot",)


class OpinionInline(admin.TabularInline):
    model = ReviewOpinion
    fk_name = "document"
    extra = 0
    can_delete = False
    readonly_fields = ("step", "actor_name", "capacity", "acted_at", "opinion", "outcome", "with_document")
    exclude = ("actor",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    # Read-only here: every change goes through catalog.services so it is checked and audited.
    list_display = ("index_number", "title", "agency", "kind", "status", "published_on")
    list_filter = ("status", "kind", "subject", "source")
    search_fields = ("index_number", "title", "document_number")
    inlines = [OpinionInline, VersionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CheckWord)
class CheckWordAdmin(admin.ModelAdmin):
    list_display = ("word", "kind", "correction", "agency")
    list_filter = ("kind",)


@admin.register(LegacyImport)
class LegacyImportAdmin(ReadOnlyAdmin):
    # A record of what happened: imports are made through catalog.legacy, never here.
    list_display = ("file_name", "agency", "document_count", "attachment_count", "imported_by", "imported_at")
