from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import DirectoryItem, DirectorySetting


@admin.register(DirectoryItem)
class DirectoryItemAdmin(ReadOnlyAdmin):
    # Read-only: every change goes through the staff pages (services), which version and audit it.
    list_display = ("agency", "area", "level1", "level2", "deadline_text", "department", "retired_on")
    list_filter = ("agency", "area")
    search_fields = ("level1", "level2", "content")


@admin.register(DirectorySetting)
class DirectorySettingAdmin(admin.ModelAdmin):
    list_display = ("agency", "realtime_grace_days")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
