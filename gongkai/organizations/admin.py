from django import forms
from django.contrib import admin

from .models import Agency, Department, Membership
from .services import CONTACT_FIELDS, FEE_PAYMENT_FIELDS, check_new_agency, default_report_due, register_agency


class AgencyAdminForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "report_due",
            "is_active",
            *CONTACT_FIELDS,
            *FEE_PAYMENT_FIELDS,
        ]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and not self.errors:
            data["code"], data["level"] = check_new_agency(
                code=data.get("code", ""),
                name=data.get("name", ""),
                kind=data.get("kind", ""),
                level=data.get("level", ""),
                parent=data.get("parent"),
            )
        return data


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Set-up screen for administrators. New agencies should come through `gongkai agencies add`
    or this form; both validate the code. The tree path is derived, never typed."""

    form = AgencyAdminForm
    list_display = ["name", "code", "kind", "level", "parent", "report_due", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path"]
    inlines = [DepartmentInline]
    fieldsets = (
        (
            None,
            {"fields": ("code", "name", "short_name", "kind", "level", "parent", "path", "report_due", "is_active")},
        ),
        ("政府信息公开工作机构", {"fields": CONTACT_FIELDS}),
        (
            "信息处理费缴款方式",
            {
                "fields": FEE_PAYMENT_FIELDS,
                "description": "收费通知书据此写明缴款方式；未填写的，不能发出收费通知。信息由本级财政部门提供。",
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # The code is the agency's permanent key and the parent fixes the tree path.
        return ["path", "code", "parent"] if obj else ["path"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = register_agency(
            actor=request.user,
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            level=obj.level,
            parent=obj.parent,
            short_name=obj.short_name,
            report_due=obj.report_due or default_report_due(obj.kind, obj.level),
            **{f: getattr(obj, f) for f in (*CONTACT_FIELDS, *FEE_PAYMENT_FIELDS)},
        )
        obj.pk = created.pk


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "department"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]
