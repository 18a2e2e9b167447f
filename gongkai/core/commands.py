"""A base for Gongkai's management commands: errors print as a plain Chinese sentence.

Django prints "CommandError: …"; the people running these commands are clerks and operators,
and scripts check the exit status, so on the command line we print only the message (prefixed
错误：) to stderr and exit with the error's return code.
"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


def validation_message(error: ValidationError) -> str:
    """Flatten a ValidationError into one line a person can act on."""
    if hasattr(error, "message_dict"):
        return "；".join(m for messages in error.message_dict.values() for m in messages)
    return "；".join(error.messages)


class GongkaiCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            try:
                return super().execute(*args, **options)
            except ValidationError as e:
                raise CommandError(validation_message(e)) from e
        except CommandError as e:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise  # call_command() in code and tests gets the exception itself
            sys.stderr.write(f"错误：{e}\n")
            sys.exit(e.returncode)
