"""Why a command cannot run yet, as a sentence naming what to run first.

The database is asked only after a command has failed with a database error, so a working
installation pays nothing: we reconnect and look at the migration state then, instead of before
every command. Messages name the host and database but never the password, and never echo the
driver's text (it can be English, or localised by the server, and is not what an operator acts on).
"""

from __future__ import annotations

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

NOT_INITIALISED = "数据库尚未初始化，请先运行：gongkai migrate"
NOT_UPGRADED = "数据库尚未升级到当前版本（还有 {count} 个迁移未执行），请先运行：gongkai migrate"
CANNOT_CONNECT = "无法连接数据库（{where}）：请检查 DATABASE_URL 或先启动数据库服务"
NO_SUCH_DATABASE = (
    "数据库服务器 {server} 上没有数据库 {name}：请先创建该数据库（如 createdb {name}），再运行 gongkai migrate"
)
CANNOT_OPEN_FILE = "无法打开数据库文件（{path}）：请检查 DATABASE_URL，以及所在文件夹是否存在、可写"
STATIC_NOT_COLLECTED = (
    "静态文件尚未收集，公开网站的页面都无法打开（网站自查会因此判为不合格）：请先运行：gongkai collectstatic --noinput"
)


def explain_database_error(*, command: str, connection=None) -> str | None:
    """What to run first, or None when the database looks ready (the error is a real fault).

    ``command`` is the management command that failed: `migrate` itself is not told to run
    `migrate`.
    """
    connection = connection or connections[DEFAULT_DB_ALIAS]
    try:
        connection.close()
        connection.ensure_connection()
    except Exception as error:  # any failure to connect is the answer itself
        return cannot_connect(connection.settings_dict, error)
    try:
        if command == "migrate":
            return None
        executor = MigrationExecutor(connection)
        if not executor.loader.applied_migrations:
            return NOT_INITIALISED
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return NOT_UPGRADED.format(count=len(pending)) if pending else None
    except Exception:  # a failing diagnosis must not hide the original error
        return None
    finally:
        connection.close()


def cannot_connect(settings: dict, error: Exception) -> str:
    if settings["ENGINE"].endswith("sqlite3"):
        return CANNOT_OPEN_FILE.format(path=settings["NAME"])
    server = f"{settings.get('HOST') or 'localhost'}:{settings.get('PORT') or '5432'}"
    name = settings.get("NAME") or ""
    # PostgreSQL reports a missing database only in its message text; servers with English
    # messages say it this way, any other wording falls back to the general sentence.
    if name and f'database "{name}" does not exist' in str(error):
        return NO_SUCH_DATABASE.format(server=server, name=name)
    return CANNOT_CONNECT.format(where=f"{server}，数据库 {name}" if name else server)


def static_files_collected() -> bool:
    """False when production's manifest storage has no manifest: then every page that links a
    stylesheet fails with a 500, and a crawl of the portal (网站自查) would record that as fact."""
    return not isinstance(staticfiles_storage, ManifestFilesMixin) or bool(staticfiles_storage.hashed_files)
