"""The `gongkai` command: Django's manage.py for this project, installed as a console script.

One wrapper for every command (ours, Django's, third-party): a database that is missing, not
migrated or unreachable ends in one Chinese sentence saying what to run first, with exit status
2, instead of a traceback. Nothing is checked beforehand; see gongkai.core.readiness.
"""

import os
import sys
from difflib import get_close_matches

from django.core.management import CommandError, ManagementUtility, get_commands
from django.db import DatabaseError

from gongkai.core.commands import EXIT_CANNOT_RUN


class CommandLine(ManagementUtility):
    def fetch_command(self, subcommand):
        commands = get_commands()
        if subcommand not in commands and self.settings_exception is None:
            close = get_close_matches(subcommand, commands)
            guess = f"（是否想运行 gongkai {close[0]}？）" if close else ""
            fail(f"没有命令“{subcommand}”{guess}。运行 gongkai help 可列出全部命令")
        command = super().fetch_command(subcommand)
        command.execute = unwrap_database_error(command.execute)
        return command


def unwrap_database_error(execute):
    """Some of Django's commands (dumpdata, flush) wrap a database error in an English
    CommandError; let it reach main() as the database error it is."""

    def wrapper(*args, **options):
        try:
            return execute(*args, **options)
        except CommandError as error:
            cause = error.__cause__ or error.__context__
            if isinstance(cause, DatabaseError) and not options.get("traceback"):
                raise cause from error
            raise

    return wrapper


def fail(message: str) -> None:
    sys.stderr.write(f"错误：{message}\n")
    sys.exit(EXIT_CANNOT_RUN)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    try:
        # Always "gongkai" in usage and help, also under `python -m gongkai` (argv[0] "__main__.py").
        CommandLine(["gongkai", *sys.argv[1:]]).execute()
    except DatabaseError:
        if "--traceback" in sys.argv:
            raise
        from gongkai.core.readiness import explain_database_error

        message = explain_database_error(command=command)
        if message is None:
            raise  # the database is ready: a real fault, whose traceback we need
        fail(message)


if __name__ == "__main__":
    main()
