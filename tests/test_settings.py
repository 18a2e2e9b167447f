"""Settings come from the environment and fail loudly on malformed values."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import settings as s


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("1", True), ("ON", True), ("false", False), ("0", False), ("", False)]
)
def test_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert s.env_bool("X_FLAG") is expected


@pytest.mark.parametrize("raw", ["ture", "2", "enabled"])
def test_malformed_boolean_fails_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        s.env_bool("X_FLAG")


def test_malformed_integer_fails(monkeypatch):
    monkeypatch.setenv("X_PORT", "25a")
    with pytest.raises(ImproperlyConfigured, match="X_PORT"):
        s.env_int("X_PORT", 25)


def test_lists(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.gov.cn, b.gov.cn ,,")
    assert s.env_list("X_HOSTS") == ["a.gov.cn", "b.gov.cn"]


def test_sqlite_urls(tmp_path):
    relative = s.database_from_url("sqlite:///x.sqlite3", data_dir=tmp_path)
    assert relative["NAME"] == tmp_path / "x.sqlite3"
    absolute = s.database_from_url("sqlite:////srv/gongkai/db.sqlite3", data_dir=tmp_path)
    assert absolute["NAME"] == Path("/srv/gongkai/db.sqlite3")
    assert "journal_mode=WAL" in absolute["OPTIONS"]["init_command"]
    assert absolute["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url(tmp_path):
    db = s.database_from_url("postgres://gk:p%40ss@db.example:6543/gongkai?sslmode=require", data_dir=tmp_path)
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "gongkai",
        "gk",
        "p@ss",
        "db.example",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite://"])
def test_unsupported_or_incomplete_urls_fail(tmp_path, url):
    with pytest.raises(ImproperlyConfigured):
        s.database_from_url(url, data_dir=tmp_path)


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = s.load_secret_key(tmp_path)
    assert first == s.load_secret_key(tmp_path)
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured):
        s.load_secret_key(tmp_path)


def test_locale_and_security_defaults(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE  # DEBUG is off in tests
    assert "'self'" in str(settings.SECURE_CSP["default-src"])
