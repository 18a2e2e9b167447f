"""`gongkai sitecheck AGENCY_CODE [--on YYYY-MM-DD] [--out FILE.docx|.pdf|.json]`: self-check one agency's site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from gongkai.core.commands import GongkaiCommand, MissingPrerequisite, validation_message
from gongkai.core.readiness import STATIC_NOT_COLLECTED, static_files_collected
from gongkai.organizations.models import Agency
from gongkai.sitechecks.rendering import render_docx, render_json, render_pdf
from gongkai.sitechecks.services import run_sitecheck

BAD_INPUT = 2


class Command(GongkaiCommand):
    help = "按国办秘函〔2019〕19号指标自查一个机关的公开专栏，并可导出自查报告（.docx、.pdf 或 .json）"

    def add_arguments(self, parser):
        parser.add_argument("agency", help="机关的统一社会信用代码")
        parser.add_argument("--on", help="检查日（YYYY-MM-DD），默认今天；季度第一天检查上一季度")
        parser.add_argument("--out", help="自查报告文件：.docx、.pdf 或 .json")

    def handle(self, *args, **options):
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else None
        except ValueError:
            raise CommandError(f"日期“{options['on']}”无效，应为 YYYY-MM-DD", returncode=BAD_INPUT) from None
        out = Path(options["out"]) if options["out"] else None
        if out is not None and out.suffix.lower() not in {".docx", ".pdf", ".json"}:
            raise CommandError("--out 只能是 .docx、.pdf 或 .json 文件", returncode=BAD_INPUT)
        code = options["agency"].strip().upper()
        agency = Agency.objects.filter(code=code, is_active=True).first()
        if agency is None:
            raise CommandError(
                f"机关 {code} 不存在或已停用：新机关请先用 gongkai agencies add 登记"
                "（或运行 gongkai demo 载入演示数据）",
                returncode=BAD_INPUT,
            )
        if not static_files_collected():
            raise MissingPrerequisite(STATIC_NOT_COLLECTED)
        try:
            check = run_sitecheck(agency=agency, on=on or timezone.localdate(), actor_label="命令行")
        except ValidationError as e:
            raise CommandError(validation_message(e), returncode=BAD_INPUT) from e
        self.stdout.write(f"{check.title}：{check.get_verdict_display()}")
        for reason in check.summary.get("veto_reasons", []):
            self.stdout.write(f"  单项否决：{reason}")
        self.stdout.write(f"  共发现问题 {len(check.findings)} 项")
        if out is not None:
            suffix = out.suffix.lower()
            renderers = {".json": render_json, ".docx": render_docx, ".pdf": render_pdf}
            out.write_bytes(renderers[suffix](check))
            self.stdout.write(f"  自查报告已写入 {out}")
