"""A base for Gongkai's management commands: errors print as a plain Chinese sentence.

Django prints "CommandError: …" and argparse "error: the following arguments are required";
the people running these commands are clerks and operators, and scripts check the exit status,
so on the command line we print only a Chinese message (prefixed 错误：) to stderr and exit with
the error's return code: 1 when the input was refused, 2 when the command could not run (a
usage error, or something that must be done first, named in the message).
"""

from __future__ import annotations

import argparse
import re
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

# argparse's own status for a usage error; we use it for "cannot run yet" too, so a script
# can tell "fix the call or the setup" (2) from "this input was refused" (1).
EXIT_CANNOT_RUN = 2


class MissingPrerequisite(CommandError):
    """The command needs something that is not there yet; the message names the command that provides it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=EXIT_CANNOT_RUN)


def validation_message(error: ValidationError) -> str:
    """Flatten a ValidationError into one line a person can act on."""
    if hasattr(error, "message_dict"):
        return "；".join(m for messages in error.message_dict.values() for m in messages)
    return "；".join(error.messages)


class ChineseCommandParser(CommandParser):
    """Django's parser with usage errors in Chinese on the command line (exit 2, no usage dump).

    From call_command() it still raises CommandError("Error: …"), as code and tests expect.
    """

    def error(self, message):
        if not self.called_from_command_line:
            super().error(message)
        sys.stderr.write(f"错误：{usage_error(self, message)}。查看用法：{self.prog} --help\n")
        sys.exit(EXIT_CANNOT_RUN)


def usage_error(parser: argparse.ArgumentParser, message: str) -> str:
    """argparse's English message as a Chinese sentence naming the arguments involved."""

    def required(raw: str) -> str:
        wanted = [n.strip() for n in raw.split(", ")]
        parts = [f"子命令（{'、'.join(sub)}）" for n in wanted if (sub := subcommands(parser, n)) is not None]
        if plain := [n for n in wanted if subcommands(parser, n) is None]:
            parts.append("参数 " + "、".join(plain))
        return "缺少" + "和".join(parts)

    def values(raw: str) -> str:
        return "、".join(v.strip().strip("'") for v in raw.split(","))

    for pattern, chinese in (
        (r"the following arguments are required: (?P<a>.+)", lambda m: required(m["a"])),
        (r"unrecognized arguments: (?P<a>.+)", lambda m: f"无法识别的参数：{m['a']}"),
        (
            r"argument (?P<a>\S+): invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)",
            lambda m: f"{name_of_choice(parser, m['a'])}“{m['v'].strip(chr(39))}”无效，可选：{values(m['c'])}",
        ),
        (r"argument (?P<a>\S+): expected one argument", lambda m: f"{m['a']} 后面缺少取值"),
        (r"argument (?P<a>\S+): expected .+ arguments?", lambda m: f"{m['a']} 后面的取值个数不对"),
        (r"argument (?P<a>\S+): invalid \S+ value: (?P<v>.+)", lambda m: f"{m['a']} 的取值 {m['v']} 无效"),
        (r"argument (?P<a>\S+): not allowed with argument (?P<b>\S+)", lambda m: f"{m['a']} 不能与 {m['b']} 同时使用"),
        (r"argument (?P<a>\S+): ignored explicit argument (?P<v>.+)", lambda m: f"{m['a']} 不接受取值 {m['v']}"),
        (r"one of the arguments (?P<a>.+) is required", lambda m: f"须指定 {m['a'].replace(' ', '、')} 中的一个"),
        (r"ambiguous option: (?P<a>\S+) could match (?P<b>.+)", lambda m: f"选项 {m['a']} 不明确，可能是：{m['b']}"),
    ):
        if match := re.fullmatch(pattern, message.strip()):
            return chinese(match)
    return f"命令行参数有误（{message}）"


def subcommands(parser: argparse.ArgumentParser, name: str) -> list[str] | None:
    """The sub-command names when ``name`` is how argparse calls the parser's sub-command argument."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in {action.dest, action.metavar}:
            return list(action.choices)
    return None


def name_of_choice(parser: argparse.ArgumentParser, name: str) -> str:
    return "子命令" if subcommands(parser, name) is not None else f"{name} 的取值"


def parser_tree(parser: argparse.ArgumentParser):
    """The parser and, recursively, its sub-command parsers."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from parser_tree(sub)


class GongkaiCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # BaseCommand builds a plain CommandParser and has no hook for the class; our subclass
        # only overrides error(), so retyping the finished parsers is safe.
        for each in parser_tree(parser):
            each.__class__ = ChineseCommandParser
        return parser

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
