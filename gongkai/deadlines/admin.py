from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .models import CalendarDay, CalendarYear
from .services import load_schedule, parse_schedule_csv, set_calendar_day


class ScheduleUploadForm(forms.Form):
    file = forms.FileField(label="节假日安排文件（CSV）", help_text="表头：日期,类型,名称；类型为“休息日”或“工作日”")
    source = forms.CharField(label="来源", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > 1024 * 1024:
                raise ValidationError("文件过大（上限 1 MB）")
            data["years"] = parse_schedule_csv(upload.read())
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "loaded_by", "loaded_at"]
    change_list_template = "deadlines/calendaryear_changelist.html"

    def has_add_permission(self, request):
        return False  # a year is added only by loading its whole schedule

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="deadlines_calendaryear_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not request.user.has_perm("deadlines.add_calendarday"):
            raise PermissionDenied
        form = ScheduleUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            recomputed: list[str] = []  # what the apps recomputed once the load committed
            years = load_schedule(
                years=form.cleaned_data["years"],
                source=form.cleaned_data["source"],
                day_source=CalendarDay.Source.FILE,
                actor=request.user,
                report=recomputed.append,
            )
            messages.success(request, "已录入：" + "、".join(f"{y}年" for y in years))
            for line in recomputed:
                messages.info(request, line)
            return redirect(reverse("admin:deadlines_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "导入节假日安排",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "deadlines/calendaryear_upload.html", context)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["on", "is_workday", "note", "source"]
    list_filter = ["is_workday", "source"]
    date_hierarchy = "on"
    search_fields = ["note"]
    readonly_fields = ["source"]

    def save_model(self, request, obj, form, change):
        try:
            saved = set_calendar_day(actor=request.user, on=obj.on, is_workday=obj.is_workday, note=obj.note)
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
            return
        obj.pk = saved.pk
