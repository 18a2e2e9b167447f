"""Validation of the codes that identify agencies and organisations.

python-stdnum checks the format and the final GB 32100 check character of a unified social
credit code (统一社会信用代码), which random 18-character strings pass 3 % of the time
(design/dependencies.md §5). An agency's code is its permanent key, so we also check the
registration-authority/type pair, the province of the region code and the check digit of
the embedded GB 11714 organisation code.
"""

from __future__ import annotations

from stdnum.cn import uscc as _uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

# GB 32100-2015 appendix A: registration authority → organisation types it registers.
USCC_AUTHORITY_TYPES: dict[str, dict[str, str]] = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地（大陆）代表机构", "9": "其他"},
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}

# GB/T 2260 province-level codes (the first two digits of a region code).
PROVINCES: dict[str, str] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class InvalidCode(ValueError):
    """A code failed validation; the message says why, in Chinese, for the person who typed it."""


def organization_code_check_digit(body: str) -> str:
    """GB 11714 check character of the 8-character organisation code body."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate_uscc(code: str) -> str:
    """Return the normalised unified social credit code or raise InvalidCode."""
    compact = _uscc.compact(code or "")
    try:
        _uscc.validate(compact)
    except InvalidLength:
        raise InvalidCode(f"统一社会信用代码应为18位，输入的是{len(compact)}位") from None
    except InvalidFormat:
        raise InvalidCode("统一社会信用代码含有不允许的字符（第3–8位应为数字，不使用I、O、S、V、Z）") from None
    except InvalidChecksum:
        raise InvalidCode("统一社会信用代码校验位不正确，请核对是否抄错") from None
    except ValidationError:
        raise InvalidCode("统一社会信用代码格式不正确") from None
    authority, kind = compact[0], compact[1]
    if kind not in USCC_AUTHORITY_TYPES.get(authority, {}):
        raise InvalidCode(f"统一社会信用代码前两位“{authority}{kind}”不是有效的登记管理部门和机构类别代码")
    if compact[2:4] not in PROVINCES:
        raise InvalidCode(f"统一社会信用代码第3–4位“{compact[2:4]}”不是有效的省级行政区划代码")
    body, check = compact[8:16], compact[16]
    if any(c not in _ORG_ALPHABET for c in body) or organization_code_check_digit(body) != check:
        raise InvalidCode("统一社会信用代码第9–17位（组织机构代码）校验位不正确")
    return compact


def uscc_organization_type(code: str) -> str:
    """The organisation type a valid code declares, e.g. 机关 or 事业单位."""
    return USCC_AUTHORITY_TYPES[code[0]][code[1]]


def make_uscc(region: str, org_body: str, *, authority: str = "1", kind: str = "1") -> str:
    """Assemble a valid code from its parts (used to make demo and test data, never to repair input)."""
    first17 = authority + kind + region + org_body + organization_code_check_digit(org_body)
    return first17 + _uscc.calc_check_digit(first17 + "0")
