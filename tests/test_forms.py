"""Every form of the project answers in Chinese sentences written for its fields.

The test imports every module of the package, finds every form class defined in it (the admin's
aside: it keeps Django's messages), submits each one empty and then with absurd values (far-future
and malformed dates, 10,000-character text, negative and 10^20 numbers, empty and fake files),
and checks that no message is one of Django's stock sentences and that every message is Chinese.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import trans_real

import gongkai
from gongkai.cases.models import Status
from gongkai.core.forms import FieldMessages

CJK = re.compile(r"[\u4e00-\u9fff]")
# Django's own sentences the clerk found, named in the issue, beside the whole catalogue below.
REPORTED = ("这个字段是必填项。", "输入一个有效的日期。", "确保该值小于或等于")
# Forms in files other engineers own; each is named with who must change what.
NOT_YET: set[str] = set()


def _modules() -> Iterator[str]:
    for info in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        parts = info.name.split(".")
        if {"tests", "migrations"} & set(parts) or parts[-1] in {"__main__", "manage"}:
            continue
        yield info.name


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type]:
    for name in _modules():
        importlib.import_module(name)
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("gongkai.")
        and ".tests" not in cls.__module__
        and not cls.__module__.endswith(".admin")  # the admin keeps Django's own
        and cls.__module__ != "gongkai.core.forms"  # the bases themselves
    }
    return sorted(found, key=_name)


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


FORMS = project_forms()


def _marks(cls: type):
    if _name(cls) in NOT_YET:
        return [pytest.mark.xfail(strict=True, reason="not yet on the shared base (file owned elsewhere)")]
    return []


def test_the_walk_finds_the_forms():
    names = {_name(cls) for cls in FORMS}
    assert {"gongkai.cases.forms.IntakeForm", "gongkai.portal.forms.ApplicationForm"} <= names
    assert {"gongkai.suggestions.forms.MessageForm", "gongkai.inspector.forms.UploadForm"} <= names
    assert len(FORMS) > 40


@pytest.mark.parametrize("form_class", [pytest.param(c, id=_name(c), marks=_marks(c)) for c in FORMS])
def test_every_form_derives_from_the_shared_base(form_class):
    assert issubclass(form_class, FieldMessages), f"{_name(form_class)}: derive it from gongkai.core.forms"


# -- what each form is shown with ----------------------------------------------------------------


@pytest.fixture
def world(agency_a, clerk_a):
    from gongkai.cases.tests.factories import register
    from gongkai.remedies.tests.factories import remedy
    from gongkai.suggestions.tests.factories import leave

    case = register(agency_a, actor=clerk_a).case
    return {
        "agency": agency_a,
        "case": case,
        "remedy": remedy(agency_a, clerk_a),
        "message": leave(agency_a).message,
        "items": {"20-1": "机构职能"},
    }


def _instantiate(form_class: type, world: dict, data=None, files=None) -> forms.BaseForm:
    kwargs = {}
    for name, parameter in inspect.signature(form_class.__init__).parameters.items():
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name in world:
            kwargs[name] = world[name]
    return form_class(data, files, **kwargs)


_NUMBERS = ["-5", str(10**20), "abc", "1.5", "-" + str(10**20)]
_TEXT = ["x" * 10_000, "字" * 10_000, "\x00", "   ", "<script>alert(1)</script>"]


def _absurd(field: forms.Field, round_: int):
    """The round_-th absurd value for a field, or an uploaded file (second item True)."""
    if isinstance(field, forms.FileField):
        choices = [
            SimpleUploadedFile("空文件.pdf", b""),
            SimpleUploadedFile("x" * 300 + ".exe", b"MZ\x90\x00"),
            SimpleUploadedFile("报告.pdf", b"%PDF-1.4 not really"),
            "not a file",
            SimpleUploadedFile("a.zip", b"PK\x03\x04broken"),
        ]
    elif isinstance(field, forms.DateTimeField):
        choices = ["9999-12-31T23:59", "2024-02-30T10:00", "明天上午", "0001-01-01 00:00", "2024-13-45 99:99"]
    elif isinstance(field, forms.DateField):
        choices = ["9999-12-31", "2024-02-30", "27/09/2024", "0001-01-01", "2024-13-45"]
    elif isinstance(field, forms.IntegerField):
        choices = _NUMBERS
    elif isinstance(field, forms.ModelChoiceField):
        choices = [str(10**20), "-1", "abc", "x" * 10_000, "999999"]
    elif isinstance(field, forms.ChoiceField):
        choices = ["no-such-choice", "x" * 10_000, str(10**20), "-1", "全部"]
    elif isinstance(field, forms.EmailField):
        choices = ["not-an-email", "a" * 10_000 + "@example.com", "@", "张三@", "a@b"]
    elif isinstance(field, forms.BooleanField):
        choices = ["on", "maybe", "", "false", "x" * 10_000]
    else:
        choices = _TEXT
    return choices[round_ % len(choices)]


def _submissions(form_class: type, world: dict) -> Iterator[tuple[str, dict, MultiValueDict]]:
    yield "empty", {}, MultiValueDict()
    fields = _instantiate(form_class, world).fields
    for round_ in range(5):
        data, files = {}, MultiValueDict()
        for name, field in fields.items():
            value = _absurd(field, round_)
            if isinstance(value, SimpleUploadedFile):
                value.seek(0)
                files.setlist(name, [value])
            else:
                data[name] = value
        yield f"absurd #{round_ + 1}", data, files


def _stock_patterns() -> list[re.Pattern]:
    """Every sentence of Django's Chinese catalogue, its placeholders matching anything."""
    catalogue = trans_real.translation("zh-hans")._catalog
    patterns = []
    for message in {m for _, m in catalogue.items() if isinstance(m, str)}:
        if len(CJK.findall(message)) < 4:
            continue  # a word, not a sentence: 日期, 是, 否 would match far too much
        escaped = re.escape(message)
        escaped = re.sub(r"%\\\([a-z_]+\\\)[sdr]|%[sdr]", ".*", escaped)
        patterns.append(re.compile(escaped, re.DOTALL))
    return patterns


STOCK = _stock_patterns()


def _messages(form: forms.BaseForm) -> list[tuple[str, str]]:
    return [(field, str(message)) for field, messages in form.errors.items() for message in messages]


def _problems(message: str) -> list[str]:
    problems = []
    if not CJK.search(message):
        problems.append("not Chinese")
    if any(reported in message for reported in REPORTED) or any(p.fullmatch(message) for p in STOCK):
        problems.append("Django's stock sentence")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [pytest.param(c, id=_name(c), marks=_marks(c)) for c in FORMS])
def test_every_message_is_chinese_and_written_for_the_field(form_class, world):
    failures = []
    for label, data, files in _submissions(form_class, world):
        form = _instantiate(form_class, world, data, files)
        form.is_valid()  # must not raise, whatever came in
        for field, message in _messages(form):
            for problem in _problems(message):
                failures.append(f"{label}: {field}: {message[:120]!r} is {problem}")
    assert not failures, "\n".join(failures)


def test_the_stock_sentence_check_would_catch_them():
    for message in ["这个字段是必填项。", "输入一个有效的日期。", "确保该值小于或等于 20。", "Enter a valid date."]:
        assert _problems(message), message
    written = ["请填写申请人姓名", "答复日期的年份应在1949至2099年之间", "电子邮箱格式不正确，例如 name@example.com"]
    for message in written:
        assert not _problems(message), message


# -- through the real pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_far_future_deadline_is_refused_on_the_case_page(client, clerk_a, world):
    case = world["case"]
    client.force_login(clerk_a)
    response = client.post(reverse("cases:action", args=[case.pk, "withdraw"]), {"withdraw-on": "9999-12-31"})
    assert response.status_code == 400
    assert "的年份应在1949至2099年之间" in response.content.decode()  # "{the date's label}的年份…"
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


@pytest.mark.django_db
def test_an_empty_public_application_names_each_missing_field(client, agency_a):
    html = client.post(reverse("portal:apply", args=[agency_a.code]), {}).content.decode()
    assert "请选择申请人类型。" in html  # the form's own words stay
    assert "这个字段是必填项" not in html and "This field is required" not in html
