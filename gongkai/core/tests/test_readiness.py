"""What to run first, worked out from the database's state after a command failed on it."""

import json

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import ConnectionHandler

from gongkai.core import readiness
from gongkai.core.readiness import (
    CANNOT_CONNECT,
    CANNOT_OPEN_FILE,
    NO_SUCH_DATABASE,
    NOT_INITIALISED,
    NOT_UPGRADED,
    cannot_connect,
    explain_database_error,
    static_files_collected,
)

# The probe opens connections of its own; pytest-django only lets them through with the mark.
pytestmark = pytest.mark.django_db


def connection_to(**settings):
    """A connection of its own (a separate handler), not the test database's."""
    return ConnectionHandler({"default": settings})["default"]


def sqlite(path):
    return connection_to(ENGINE="django.db.backends.sqlite3", NAME=str(path))


def test_a_fresh_database_needs_migrate(tmp_path):
    assert explain_database_error(command="workdays", connection=sqlite(tmp_path / "db.sqlite3")) == NOT_INITIALISED
    assert NOT_INITIALISED == "数据库尚未初始化，请先运行：gongkai migrate"


@pytest.mark.django_db(transaction=True)  # the probe closes and reopens the connection
def test_a_database_behind_the_code_needs_migrate():
    # The test database as a newer release would find it: one migration not applied yet.
    # (The migration recorder queries through the "default" alias, so this uses the real one.)
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("sessions", "0001_initial")
    try:
        assert explain_database_error(command="agencies") == NOT_UPGRADED.format(count=1)
        assert (
            NOT_UPGRADED.format(count=1) == "数据库尚未升级到当前版本（还有 1 个迁移未执行），请先运行：gongkai migrate"
        )
        assert explain_database_error(command="migrate") is None  # migrate itself is not told to run migrate
    finally:
        recorder.record_applied("sessions", "0001_initial")
    assert explain_database_error(command="agencies") is None  # up to date: the error was a real fault


def test_a_failing_diagnosis_leaves_the_original_error(monkeypatch, tmp_path):
    def broken(connection):
        raise RuntimeError("migration files cannot be loaded")

    monkeypatch.setattr(readiness, "MigrationExecutor", broken)
    assert explain_database_error(command="workdays", connection=sqlite(tmp_path / "db.sqlite3")) is None


def test_an_unreachable_server_is_named_by_host_never_with_the_password():
    connection = connection_to(
        ENGINE="django.db.backends.postgresql",
        NAME="gongkai",
        USER="gk",
        PASSWORD="s3cret-pw",
        HOST="127.0.0.1",
        PORT="1",
    )
    message = explain_database_error(command="migrate", connection=connection)
    assert message == "无法连接数据库（127.0.0.1:1，数据库 gongkai）：请检查 DATABASE_URL 或先启动数据库服务"
    assert message == CANNOT_CONNECT.format(where="127.0.0.1:1，数据库 gongkai")
    assert "s3cret" not in message


def test_a_missing_postgres_database_says_create_it():
    settings = {"ENGINE": "django.db.backends.postgresql", "NAME": "gk_x", "HOST": "db.example", "PORT": ""}
    error = Exception(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: '
        'FATAL:  database "gk_x" does not exist'
    )
    assert cannot_connect(settings, error) == NO_SUCH_DATABASE.format(server="db.example:5432", name="gk_x")
    assert cannot_connect(settings, Exception("timeout expired")) == CANNOT_CONNECT.format(
        where="db.example:5432，数据库 gk_x"
    )


def test_an_sqlite_file_that_cannot_be_opened_names_the_path(tmp_path):
    path = tmp_path / "no-such-folder" / "db.sqlite3"
    assert explain_database_error(command="workdays", connection=sqlite(path)) == CANNOT_OPEN_FILE.format(path=path)


def test_static_files_count_as_collected_only_with_a_manifest(settings, tmp_path):
    assert static_files_collected()  # tests (and DEBUG) serve static files without a manifest
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert not static_files_collected()
    manifest = {"version": "1.1", "paths": {"gongkai/site.css": "gongkai/site.0123abcd.css"}, "hash": "0123abcd"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest), encoding="utf-8")
    settings.STATIC_ROOT = tmp_path  # a fresh storage reads the manifest again
    assert static_files_collected()
