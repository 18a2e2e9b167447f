"""`gongkai directory import CODE FILE` / `gongkai directory export CODE OUT.xlsx|.docx`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from gongkai.core.commands import GongkaiCommand, MissingPrerequisite
from gongkai.directories.importing import DirectoryImportError, export_directory, import_directory
from gongkai.organizations.models import Agency


class Command(GongkaiCommand):
    help = "导入或导出机关的主动公开全清单（标准目录）。gongkai directory import|export 机关代码 文件"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="从官方样式的.xlsx或.docx导入（全部正确才导入）")
        load.add_argument("code", help="机关的统一社会信用代码")
        load.add_argument("file", help="标准目录文件（.xlsx或.docx）")
        dump = sub.add_parser("export", help="按官方样式导出为.xlsx或.docx")
        dump.add_argument("code", help="机关的统一社会信用代码")
        dump.add_argument("out", help="输出文件（.xlsx或.docx）")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["code"].strip().upper()).first()
        if agency is None:
            raise MissingPrerequisite(f"机关 {options['code']} 不存在，请先用 gongkai agencies add 登记")
        if options["action"] == "import":
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"找不到文件 {path}")
            try:
                counts = import_directory(
                    actor=None, actor_label="命令行", agency=agency, data=path.read_bytes(), filename=path.name
                )
            except DirectoryImportError as e:
                raise CommandError(f"未导入，发现{len(e.problems)}处问题：\n" + "\n".join(e.problems)) from e
            self.stdout.write(
                f"已导入 {agency.name} 的标准目录：新增{counts['added']}项，修改{counts['updated']}项，"
                f"未变{counts['unchanged']}项，停用{counts['retired']}项"
            )
            return
        out = Path(options["out"])
        if out.suffix.lower() not in {".xlsx", ".docx"}:
            raise CommandError("输出文件应以.xlsx或.docx结尾")
        out.write_bytes(export_directory(agency, out.suffix.lower()))
        self.stdout.write(f"已导出 {agency.name} 的标准目录：{out}")
