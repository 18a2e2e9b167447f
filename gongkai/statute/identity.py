"""Identity documents and personal-data detection.

Resident identity numbers are checked by check digit, birth date and province only: python-
stdnum's county check is era-aware and rejects real numbers issued after re-zoning
(shared/design/dependencies.md §5, trap 1), so the county is informational.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from .identifiers import PROVINCES

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_RIC_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


class InvalidIdentity(ValueError):
    """The message says, in Chinese, what is wrong with the number."""


def normalize(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII), upper case, separators removed."""
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text or "")).upper()


def ric_check_digit(first17: str) -> str:
    return _RIC_CHECK[sum(int(c) * w for c, w in zip(first17, _RIC_WEIGHTS, strict=True)) % 11]


def validate_resident_id(number: str, *, today: dt.date | None = None) -> str:
    """Return the normalised 18-digit resident identity number or raise InvalidIdentity."""
    value = normalize(number)
    if len(value) != 18:
        raise InvalidIdentity(f"居民身份证号码应为18位，输入的是{len(value)}位")
    if not _RIC_SHAPE.match(value):
        raise InvalidIdentity("居民身份证号码前17位应为数字，最后一位为数字或X")
    if value[:2] not in PROVINCES:
        raise InvalidIdentity(f"居民身份证号码前两位“{value[:2]}”不是有效的省级行政区划代码")
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidIdentity(f"居民身份证号码中的出生日期“{value[6:14]}”不存在") from None
    if born > (today or dt.date.today()) or born.year < 1890:  # noqa: DTZ011 — a calendar date, not a timestamp
        raise InvalidIdentity(f"居民身份证号码中的出生日期“{born.isoformat()}”不合理")
    if ric_check_digit(value[:17]) != value[17]:
        raise InvalidIdentity("居民身份证号码校验位不正确，请核对是否抄错")
    return value


def mask_identity(number: str) -> str:
    """Show the first 3 and last 4 characters only: 110***********002X."""
    value = normalize(number)
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(phone: str) -> str:
    digits = normalize(phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_email(email: str) -> str:
    local, _, domain = (email or "").partition("@")
    if not domain:
        return "*" * len(local)
    return (local[:1] + "***") + "@" + domain
