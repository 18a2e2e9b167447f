from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError

from . import site
from .models import Agency, Department, Membership
from .services import (
    CONTACT_FIELDS,
    FEE_PAYMENT_FIELDS,
    SITE_FIELDS,
    check_new_agency,
    default_report_due,
    register_agency,
)


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
            "site_banner",
            *SITE_FIELDS,
        ]

    def clean_site_banner(self):
        banner = self.cleaned_data.get("site_banner")
        if banner and hasattr(banner, "content_type"):  # a new upload, not the stored file
            self.instance.site_banner_type = site.banner_type(banner).mime
        elif not banner:
            self.instance.site_banner_type = ""
        return banner

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
        (
            "政府信息公开专栏",
            {
                "fields": ("site_name", "site_banner", *SITE_FIELDS[1:]),
                "description": "专栏页头和页脚据此显示；公安机关备案号、ICP备案号和网站标识码按备案证明填写。",
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


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget queries the submitted value to show it again, and a value that
    is not a key ("abc") then raises instead of redisplaying the form with its error. Keep only
    values the key field accepts; the form still reports the bad one."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        usable = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            usable.append(item)
        return super().optgroups(name, usable, attr)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "department"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
