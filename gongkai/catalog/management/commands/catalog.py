"""`gongkai catalog import-legacy CODE FILE [--attachments DIR|ZIP] [--dry-run] [--by USER]`."""

from __future__ import annotations

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from gongkai.catalog import legacy
from gongkai.core.commands import GongkaiCommand, MissingPrerequisite
from gongkai.organizations.models import Agency, Membership, Role


class Command(GongkaiCommand):
    help = "主动公开目录：导入其他系统导出的历史目录。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import-legacy",
            help="导入历史目录（.xlsx或.csv），全部无误才导入；文件作为已发布的历史文件，保留原索引号和日期",
        )
        load.add_argument("code", help="机关的统一社会信用代码")
        load.add_argument("file", help="目录表格（.xlsx或.csv）")
        load.add_argument("--attachments", help="附件所在的文件夹或.zip压缩包")
        load.add_argument("--dry-run", action="store_true", help="只检查，不导入")
        load.add_argument("--by", help="导入人的用户名（缺省为本机关唯一的公开办负责人）")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["code"]).first()
        if agency is None:
            raise CommandError(f"没有统一社会信用代码为“{options['code']}”的机关")
        actor = self._actor(agency, options["by"])
        table = Path(options["file"])
        if not table.is_file():
            raise CommandError(f"找不到目录文件“{table}”")
        source = {}
        if options["attachments"]:
            path = Path(options["attachments"])
            if path.is_dir():
                source = {"folder": path}
            elif path.is_file():
                source = {"zip_data": path.read_bytes(), "zip_name": path.name}
            else:
                raise CommandError(f"找不到附件文件夹或压缩包“{path}”")
        began = time.perf_counter()
        try:
            result = legacy.import_file(
                actor=actor,
                agency=agency,
                table=table.read_bytes(),
                table_name=table.name,
                dry_run=options["dry_run"],
                **source,
            )
        except PermissionDenied as e:
            raise CommandError(f"{actor.username}不能导入：{e}") from e
        except legacy.LegacyImportRefused as refused:
            raise CommandError("\n".join(refused.messages)) from None
        seconds = time.perf_counter() - began
        if options["dry_run"]:
            if result.errors:
                raise CommandError("\n".join([f"目录中有{len(result.errors)}处问题", *map(str, result.errors)]))
            years = "，".join(f"{year}年{n}件" for year, n in result.per_year)
            self.stdout.write(
                f"检查通过（未导入）：{len(result.documents)}件文件、{result.attachment_count}个附件（{years}）"
            )
            return
        self.stdout.write(
            f"已导入{result.document_count}件历史文件、{result.attachment_count}个附件，用时{seconds:.1f}秒"
        )

    def _actor(self, agency: Agency, username: str | None):
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"没有用户名为“{username}”的用户")
            return user
        heads = Membership.objects.filter(agency=agency, role=Role.OFFICE_HEAD).select_related("user")
        users = {m.user for m in heads}
        if len(users) != 1:
            raise MissingPrerequisite(f"{agency.name}有{len(users)}位公开办负责人，请用 --by 指定导入人")
        return users.pop()
