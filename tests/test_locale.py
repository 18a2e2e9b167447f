"""Django's own strings come out in Chinese: the project's catalogue fills the gaps of Django's.

Django 6.1 added strings its zh_Hans catalogue does not translate yet (the empty choice of every
select, admin calendar labels …). ``locale/zh_Hans/LC_MESSAGES`` supplies them through
LOCALE_PATHS; the compiled .mo files are committed so a fresh clone needs no gettext tools.
"""

from __future__ import annotations

import gettext
import io
import json
import shutil
import subprocess
from pathlib import Path

import django
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from gongkai.organizations.models import Agency

LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
DJANGO = Path(django.__file__).parent
HAVE_GETTEXT = shutil.which("msgfmt") is not None and shutil.which("msgen") is not None
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="needs GNU gettext (msgfmt, msgen)")


def _catalogue(mo: bytes) -> dict:
    return gettext.GNUTranslations(io.BytesIO(mo))._catalog


def _compile(po: Path | bytes, *, check: bool = True) -> bytes:
    source = po.read_bytes() if isinstance(po, Path) else po
    command = ["msgfmt", *(["-c"] if check else []), "-o", "-", "-"]
    return subprocess.run(command, input=source, capture_output=True, check=True).stdout


def _msgids(catalogue) -> set[str]:
    # Plural entries are keyed (msgid, n); a context is part of the msgid ("ctx\x04msgid").
    return {key if isinstance(key, str) else key[0] for key in catalogue.keys()} - {""}


def test_the_compiled_catalogues_are_committed():
    for domain in ("django", "djangojs"):
        assert (LOCALE / f"{domain}.po").exists() and (LOCALE / f"{domain}.mo").exists(), domain


@needs_gettext
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_each_mo_is_compiled_from_its_po(domain):
    # Edit the .po, then: msgfmt -c -o locale/zh_Hans/LC_MESSAGES/<domain>.mo <domain>.po
    fresh = _catalogue(_compile(LOCALE / f"{domain}.po"))
    committed = _catalogue((LOCALE / f"{domain}.mo").read_bytes())
    assert committed == fresh, f"{domain}.mo is stale: recompile it from {domain}.po with msgfmt"


def _english_msgids(po: Path) -> set[str]:
    # Django's English catalogues leave msgstr empty; msgen copies the msgids over so msgfmt keeps them.
    filled = subprocess.run(["msgen", str(po)], capture_output=True, check=True).stdout
    return _msgids(_catalogue(_compile(filled, check=False)))


def _english_catalogues(domain: str) -> list[Path]:
    # Django's own strings and those of every installed contrib app.
    dirs = [DJANGO / "conf" / "locale"] + [
        Path(app.path) / "locale" for app in apps.get_app_configs() if app.name.startswith("django.")
    ]
    return [po for d in dirs if (po := d / "en" / "LC_MESSAGES" / f"{domain}.po").exists()]


@needs_gettext
def test_every_django_string_has_chinese():
    """After a Django upgrade this names each new string to add to locale/zh_Hans/…/django.po."""
    chinese = trans_real.translation("zh-hans")._catalog
    missing = {
        f"{po.relative_to(DJANGO)}: {msgid!r}"
        for po in _english_catalogues("django")
        for msgid in _english_msgids(po)
        if not (chinese.get(msgid) or chinese.get((msgid, 0)))
    }
    assert not missing, "no Chinese for:\n" + "\n".join(sorted(missing))


@needs_gettext
def test_every_admin_javascript_string_has_chinese():
    admin = DJANGO / "contrib" / "admin"
    chinese = trans_real.DjangoTranslation("zh-hans", domain="djangojs", localedirs=[str(admin / "locale")])._catalog
    missing = {
        msgid
        for msgid in _english_msgids(admin / "locale" / "en" / "LC_MESSAGES" / "djangojs.po")
        if not (chinese.get(msgid) or chinese.get((msgid, 0)))
    }
    assert not missing, "no Chinese for:\n" + "\n".join(sorted(missing))


def test_a_select_with_a_blank_choice_is_chinese(db):
    class Choose(forms.Form):
        agency = forms.ModelChoiceField(queryset=Agency.objects.all(), required=False)
        kind = forms.ModelChoiceField(queryset=Agency.objects.all())

    with translation.override("zh-hans"):
        html = str(Choose())
    assert html.count('<option value="" selected>- 请选择 -</option>') == 2
    assert "Select an option" not in html


def test_a_model_select_with_a_blank_choice_is_chinese():
    kind = Agency._meta.get_field("kind")
    with translation.override("zh-hans"):
        choices = kind.get_choices(include_blank=True)
    assert choices[0] == ("", "- 请选择 -")


def test_get_object_or_404_says_it_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("No %s matches the given query.") % "机关" == "没有找到与查询条件相符的机关。"


def test_the_admin_calendar_speaks_chinese(admin_client):
    catalogue = admin_client.get("/admin/jsi18n/").content.decode()
    for chinese in ("今天（%(date)s）", "昨天（%(date)s）", "%s（今天）", "%(year)s年%(month)s%(day)s日", "服务器"):
        assert json.dumps(chinese) in catalogue  # the view writes JSON with \\u escapes
