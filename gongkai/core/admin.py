from django.contrib import admin

from .models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record that only the services write: the admin shows it and nobody adds, edits or deletes it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes it, not even administrators."""

    list_display = ["at", "code", "summary", "actor_label", "agency"]
    list_filter = ["code"]
    search_fields = ["summary", "code", "actor_label"]
    date_hierarchy = "at"
