"""Forms of the staff workspace's own pages."""

from __future__ import annotations

from django import forms

from gongkai.core.forms import StaffForm
from gongkai.organizations import site
from gongkai.organizations.models import Agency
from gongkai.organizations.services import SITE_FIELDS


class SiteSettingsForm(StaffForm):
    """The public site's settings; each field carries the model's validators (site.py)."""

    site_banner = forms.FileField(
        label="页头图片",
        required=False,
        help_text=f"{site.BANNER_SUMMARY}，不超过{site.BANNER_MAX_BYTES // 1024}KB；建议宽1200像素、高120像素。"
        "不上传则以文字显示网站名称。",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_banner = forms.BooleanField(label="删除现有页头图片", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ogi_rules"].widget.attrs["rows"] = 6

    def clean_site_banner(self):
        banner = self.cleaned_data.get("site_banner")
        if banner:
            site.banner_type(banner)  # a Chinese message beside the field; the service checks again
        return banner

    def clean_psb_number(self):
        value = self.cleaned_data.get("psb_number", "")
        return site.normal_psb_number(value) if value else value

    def site_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SITE_FIELDS}


# The model's fields (with their validators and Chinese labels) first, then the picture.
SiteSettingsForm.base_fields = {
    **forms.fields_for_model(Agency, fields=SITE_FIELDS),
    **SiteSettingsForm.base_fields,
}
