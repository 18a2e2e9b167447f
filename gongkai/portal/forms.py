"""Public forms: the application (Art. 29), the status lookup, catalogue filters and search.

They validate; they change nothing.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.cases.models import ApplicantKind, Case
from gongkai.cases.services.intake import ApplicantFacts, UploadedFile
from gongkai.catalog.models import Subject
from gongkai.core.forms import GongkaiForm
from gongkai.statute.catalog import ALL_ITEMS
from gongkai.statute.identifiers import InvalidCode, validate_uscc
from gongkai.statute.identity import InvalidIdentity, validate_resident_id
from gongkai.statute.outcomes import ApplicantType

from . import attachments

SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")
DESCRIPTION_MIN = 10

ID_TYPES = [
    ("resident_id", "居民身份证"),
    ("passport", "护照"),
    ("hk_macau_tw", "港澳台居民证件"),
    ("other", "其他证件"),
]


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _nfkc(value: str) -> str:
    # Full-width digits and letters typed with a Chinese input method become ASCII.
    return unicodedata.normalize("NFKC", value or "").strip()


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_FILES files; each checked for size and sniffed for its real type."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > attachments.MAX_FILES:
            raise ValidationError(f"最多上传{attachments.MAX_FILES}个附件，您选择了{len(files)}个。")
        errors, uploads = [], []
        for f in files:
            name = attachments.clean_file_name(f.name)
            if not f.size:
                errors.append(f"“{name}”是空文件。")
                continue
            if f.size > attachments.MAX_BYTES:
                errors.append(f"“{name}”大小为{f.size / 1024 / 1024:.1f} MB，超过5 MB的上限。")
                continue
            f.seek(0)
            content_type = attachments.sniff_content_type(f.read(8))
            if content_type is None:
                errors.append(f"“{name}”不是{attachments.ALLOWED_LABELS}文件（按文件内容判断，与文件名无关）。")
                continue
            f.seek(0)
            uploads.append(UploadedFile(name=name, content_type=content_type, data=f.read()))
        if errors:
            raise ValidationError(errors)
        return uploads


class ApplicationForm(GongkaiForm):
    """What Art. 29 asks of an applicant, checked so that staff need not ask again."""

    # Rendered by the view (a fresh key for every newly shown form); see views.apply.
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    applicant_kind = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantKind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("请选择申请人类型。"),
    )
    name = forms.CharField(
        label="姓名或者名称",
        max_length=120,
        help_text="自然人填写姓名；法人或者其他组织填写全称。",
        error_messages=_required("请填写姓名或者名称。"),
    )

    id_type = forms.ChoiceField(label="证件类型", choices=ID_TYPES, required=False, widget=forms.RadioSelect)
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)

    uscc = forms.CharField(
        label="统一社会信用代码", max_length=30, required=False, help_text="18位，见营业执照或登记证书。"
    )
    legal_representative = forms.CharField(label="法定代表人或者负责人", max_length=60, required=False)
    contact_person = forms.CharField(label="联系人", max_length=60, required=False)

    phone = forms.CharField(label="联系电话", max_length=40, error_messages=_required("请填写联系电话。"))
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        help_text="填写后，受理和答复情况也会发送到该邮箱。",
        error_messages={"invalid": "电子邮箱格式不正确，例如 name@example.com。"},
    )
    address = forms.CharField(label="通信地址", max_length=200, required=False, help_text="选择邮寄方式时必填。")
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)

    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于检索的内容描述",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"请尽量具体：信息的名称、制作机关、大致时间、涉及的事项等，至少{DESCRIPTION_MIN}个字。",
        error_messages=_required("请描述您申请公开的政府信息。"),
    )
    document_number = forms.CharField(
        label="文号", max_length=80, required=False, help_text="如知道，请填写，例如 京门政发〔2024〕3号。"
    )

    provision_form = forms.ChoiceField(
        label="信息的提供形式",
        choices=Case._meta.get_field("provision_form").choices,
        widget=forms.RadioSelect,
        error_messages=_required("请选择信息的提供形式。"),
    )
    delivery_preference = forms.ChoiceField(
        label="获取信息的方式",
        choices=Case._meta.get_field("delivery_preference").choices,
        widget=forms.RadioSelect,
        error_messages=_required("请选择获取信息的方式。"),
    )

    attachments = AttachmentsField(
        label="身份证明材料（选填）",
        help_text=(
            f"身份证件或营业执照等的扫描件或照片，最多{attachments.MAX_FILES}个，每个不超过5 MB，"
            f"限{attachments.ALLOWED_LABELS}格式。"
        ),
    )

    AUTOCOMPLETE = {
        "name": "name",
        "phone": "tel",
        "email": "email",
        "address": "street-address",
        "postcode": "postal-code",
        "contact_person": "off",
        "legal_representative": "off",
        "id_number": "off",
        "uscc": "off",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = "form-check-input"
            elif not widget.is_hidden:
                widget.attrs["class"] = "form-control"
            if name in self.AUTOCOMPLETE:
                widget.attrs["autocomplete"] = self.AUTOCOMPLETE[name]
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"
        self.fields["email"].widget.attrs["inputmode"] = "email"
        self.fields["attachments"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

    def clean_submission_key(self) -> str:
        key = self.cleaned_data["submission_key"]
        if not SUBMISSION_KEY.fullmatch(key):
            raise ValidationError("页面已失效，请核对填写的内容后再次提交。")
        return key

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        phone = _nfkc(self.cleaned_data["phone"])
        digits = re.sub(r"\D", "", phone)
        if not re.fullmatch(r"[0-9+()（）\s-]+", phone) or not 7 <= len(digits) <= 20:
            raise ValidationError(
                "联系电话格式不正确，请填写手机号码或带区号的固定电话，例如 13812345678 或 010-69860000。"
            )
        return phone

    def clean_postcode(self) -> str:
        postcode = _nfkc(self.cleaned_data["postcode"])
        if postcode and not re.fullmatch(r"\d{6}", postcode):
            raise ValidationError("邮政编码应为6位数字。")
        return postcode

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if len(description) < DESCRIPTION_MIN:
            raise ValidationError(
                f"描述过于简单（{len(description)}个字），请至少写{DESCRIPTION_MIN}个字，以便本机关准确查找。"
            )
        return description

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_kind")
        if kind == ApplicantType.NATURAL_PERSON:
            self._clean_person(data)
        elif kind:
            self._clean_organisation(data)
        else:
            # No type chosen yet: still check what was typed, so the next attempt is the last.
            if data.get("id_number", "").strip():
                self._clean_person(data)
            if data.get("uscc", "").strip():
                self._clean_uscc(data)
        delivery = data.get("delivery_preference")
        if delivery == "email" and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择以电子邮件获取信息时，请填写电子邮箱。")
        if delivery == "post" and not data.get("address"):
            self.add_error("address", "选择邮寄方式时，请填写通信地址。")
        return data

    def _clean_person(self, data) -> None:
        id_type, number = data.get("id_type"), _nfkc(data.get("id_number", ""))
        if not id_type:
            self.add_error("id_type", "请选择证件类型。")
        if not number:
            self.add_error("id_number", "请填写证件号码。")
            return
        if id_type == "resident_id":
            try:
                data["id_number"] = validate_resident_id(number, today=timezone.localdate())
            except InvalidIdentity as e:
                self.add_error("id_number", str(e))
        elif not 5 <= len(re.sub(r"[\s-]", "", number)) <= 40:
            self.add_error("id_number", "证件号码长度不正确，请按证件上的号码填写。")
        else:
            data["id_number"] = number.upper()

    def _clean_organisation(self, data) -> None:
        if not data.get("uscc", "").strip():
            self.add_error("uscc", "请填写统一社会信用代码。")
        else:
            self._clean_uscc(data)
        if not data.get("legal_representative", "").strip():
            self.add_error("legal_representative", "请填写法定代表人或者负责人。")
        if not data.get("contact_person", "").strip():
            self.add_error("contact_person", "请填写联系人。")

    def _clean_uscc(self, data) -> None:
        try:
            data["uscc"] = validate_uscc(_nfkc(data["uscc"]).upper())
        except InvalidCode as e:
            self.add_error("uscc", str(e))

    def applicant_facts(self) -> ApplicantFacts:
        """Only the fields of the chosen applicant type: a person's form never stores a stray code."""
        data = self.cleaned_data
        common = {
            "kind": data["applicant_kind"],
            "name": data["name"],
            "phone": data["phone"],
            "email": data["email"],
            "address": data["address"].strip(),
            "postcode": data["postcode"],
        }
        if data["applicant_kind"] == ApplicantType.NATURAL_PERSON:
            return ApplicantFacts(**common, id_type=data["id_type"], id_number=data["id_number"])
        return ApplicantFacts(
            **common,
            id_type="uscc",
            id_number=data["uscc"],
            legal_representative=data["legal_representative"].strip(),
            contact_person=data["contact_person"].strip(),
        )

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, field label, message) for the summary at the top, in the order of the form."""
        rows = [("", "", message) for message in self.non_field_errors()]
        for bound in self:
            for message in bound.errors:
                if bound.is_hidden:
                    rows.append(("", "", message))
                elif isinstance(bound.field.widget, forms.RadioSelect):
                    rows.append((f"{bound.auto_id}_0", bound.label, message))  # the first choice
                else:
                    rows.append((bound.auto_id, bound.label, message))
        return rows


class StatusLookupForm(GongkaiForm):
    number = forms.CharField(
        label="受理编号",
        max_length=60,
        help_text="受理回执上的编号，例如 潭柘寺镇依申〔2024〕12号。",
        error_messages=_required("请填写受理编号。"),
    )
    code = forms.CharField(
        label="查询码",
        max_length=20,
        help_text="提交申请后页面上显示的8位查询码，不区分大小写。",
        error_messages=_required("请填写查询码。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["code"].widget.attrs.update({"autocapitalize": "characters", "spellcheck": "false"})

    def clean_code(self) -> str:
        return re.sub(r"\s", "", _nfkc(self.cleaned_data["code"])).upper()


# -- the public catalogue and search ------------------------------------------------------------


class CatalogueFilterForm(GongkaiForm):
    """GET filters of an agency's catalogue. Unknown values are dropped, never an error page:
    a shared or truncated link still opens the catalogue."""

    item = forms.CharField(required=False, max_length=20)
    subject = forms.ChoiceField(required=False, choices=[("", "全部"), *Subject.choices])
    year = forms.IntegerField(required=False, min_value=1949, max_value=9999)

    def __init__(self, *args, items: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items

    def filters(self) -> dict:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in ("item", "subject", "year")}
        if data["item"] not in self.items:
            data["item"] = ""
        return {"item": data["item"] or "", "subject": data["subject"] or "", "year": data["year"]}


class SearchForm(GongkaiForm):
    """The search box and its filters (the catalogue's search API does the matching)."""

    q = forms.CharField(label="搜索", required=False, max_length=100)
    agency = forms.CharField(label="机关", required=False, max_length=18)
    item = forms.ChoiceField(label="公开事项", required=False, choices=[("", "全部事项"), *ALL_ITEMS.items()])
    subject = forms.ChoiceField(label="主题分类", required=False, choices=[("", "全部主题"), *Subject.choices])
    year = forms.IntegerField(
        label="发布年份", required=False, min_value=1949, max_value=9999, error_messages={"invalid": "年份应为数字。"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "class": "form-control", "enterkeyhint": "search"})
        for name in ("item", "subject"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})

    def clean_q(self) -> str:
        # Full-width letters and digits from a Chinese input method match their ASCII forms.
        return " ".join(_nfkc(self.cleaned_data["q"]).split())
