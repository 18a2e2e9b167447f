"""The agency's public site (政府信息公开专栏): what its frame prints, and how each value is checked.

The footer of a Chinese government site carries three registration numbers in fixed formats:
the 网站标识码 given by the 政府网站信息报送系统 (10 characters: the region code and a serial,
e.g. 1101090012; central ministries use two letters, e.g. bm01000001), the ICP备案号 of the
MIIT (京ICP备05060933号, optionally with a site suffix "-1") and the 公安机关备案号 of the public
security organ (京公网安备 11010902000001号: the province's short name, 公网安备 and 14 digits).
The banner is an uploaded picture, sniffed from its bytes (never parsed here) and size-limited.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from gongkai.statute import filetypes

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼港澳台"
SITE_CODE = re.compile(r"^(?:[0-9]{10}|[a-z]{2}[0-9]{8})$")
ICP_NUMBER = re.compile(rf"^[{PROVINCES}]ICP备[0-9]{{4,10}}号(?:-[0-9]{{1,3}})?$")
PSB_NUMBER = re.compile(rf"^([{PROVINCES}])公网安备 ?([0-9]{{14}})号$")
PHONE = re.compile(r"^[0-9()（）+\- 、,，转]{5,60}$")
POSTCODE = re.compile(r"^[0-9]{6}$")

BANNER_MAX_BYTES = 1024 * 1024
BANNER_TYPES = ("png", "jpeg", "webp")
BANNER_SUMMARY = "PNG、JPEG或WebP图片"

MIIT_BEIAN_URL = "https://beian.miit.gov.cn/"


def validate_site_code(value: str) -> None:
    if value and not SITE_CODE.fullmatch(value):
        raise ValidationError("网站标识码应为10位：6位行政区划代码加4位顺序号（如1101090012），部委网站为bm加8位数字")


def validate_icp_number(value: str) -> None:
    if value and not ICP_NUMBER.fullmatch(value):
        raise ValidationError("ICP备案号格式应为“省份简称ICP备数字号”，如“京ICP备05060933号”或“京ICP备05060933号-1”")


def validate_psb_number(value: str) -> None:
    if value and not PSB_NUMBER.fullmatch(value):
        raise ValidationError("公安机关备案号格式应为“省份简称公网安备 14位数字号”，如“京公网安备 11010902000001号”")


def normal_psb_number(value: str) -> str:
    """The number as footers print it: one space between 公网安备 and the digits."""
    match = PSB_NUMBER.fullmatch(value.strip())
    return f"{match[1]}公网安备 {match[2]}号" if match else value.strip()


def validate_phone(value: str) -> None:
    if value and not PHONE.fullmatch(value):
        raise ValidationError("联系电话只能包含数字、括号、连字符和空格，如“010-60861026”")


def validate_postcode(value: str) -> None:
    if value and not POSTCODE.fullmatch(value):
        raise ValidationError("邮政编码应为6位数字")


def banner_type(upload) -> filetypes.FileType:
    """The sniffed type of an uploaded banner, or ValidationError in Chinese (nothing is decoded)."""
    if upload.size > BANNER_MAX_BYTES:
        raise ValidationError(
            f"页头图片不能超过{BANNER_MAX_BYTES // 1024}KB（此文件{-(-upload.size // 1024)}KB），请压缩后重新上传"
        )
    try:
        kind = filetypes.identify(upload, upload.name)
    except filetypes.RefusedFile as e:
        raise ValidationError(f"页头图片只能是{BANNER_SUMMARY}：{e.message}") from None
    if kind.key not in BANNER_TYPES:
        raise ValidationError(f"页头图片只能是{BANNER_SUMMARY}，此文件是{kind.label}")
    return kind
