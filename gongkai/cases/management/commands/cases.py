"""`gongkai cases import|export`: the case register (登记簿) as agencies keep it in spreadsheets."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from gongkai.cases.services.register import (
    RegisterError,
    check_register,
    export_register,
    import_register,
    register_cases,
)
from gongkai.core.commands import GongkaiCommand, MissingPrerequisite
from gongkai.organizations.models import Agency


class Command(GongkaiCommand):
    help = (
        "导入或导出依申请公开登记簿。gongkai cases import 文件.csv|文件.xlsx --agency 统一社会信用代码；"
        "gongkai cases export --agency 统一社会信用代码 --year 年度 文件.xlsx"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser(
            "import",
            help="导入登记簿（.csv 或 .xlsx，六列：受理编号、申请人类型、申请人、收到日期、答复日期、办理结果）",
        )
        add.add_argument("file", help="登记簿文件")
        add.add_argument("--agency", required=True, help="机关的统一社会信用代码")
        out = sub.add_parser("export", help="导出某年度的登记簿（.xlsx）")
        out.add_argument("--agency", required=True, help="机关的统一社会信用代码")
        out.add_argument("--year", required=True, help="年度，如 2024")
        out.add_argument("file", help="导出到的 .xlsx 文件")

    def handle(self, *args, **options):
        agency = self._agency(options["agency"])
        if options["action"] == "import":
            self._import(agency, Path(options["file"]))
        else:
            self._export(agency, options["year"], Path(options["file"]))

    def _agency(self, code: str) -> Agency:
        agency = Agency.objects.filter(code=code.strip().upper()).first()
        if agency is None:
            raise MissingPrerequisite(f"机关 {code} 不存在，请先用 gongkai agencies add 登记该机关")
        if not agency.is_active:
            raise CommandError(f"机关 {code}（{agency.name}）已停用")
        return agency

    def _import(self, agency: Agency, path: Path) -> None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"文件 {path} 不存在") from None
        except IsADirectoryError:
            raise CommandError(f"{path} 是一个目录，不是登记簿文件") from None
        except OSError as e:
            raise CommandError(f"无法读取文件 {path}（{e.strerror or e}）") from None
        try:
            checked = check_register(agency=agency, data=data, filename=path.name)
            result = import_register(agency=agency, rows=checked.rows, actor_label="命令行", source=path.name)
        except RegisterError as e:
            if e.file_errors:
                raise CommandError("；".join(str(err) for err in e.file_errors)) from None
            for err in e.row_errors:  # every bad row, one a line, so the clerk fixes them in one pass
                self.stderr.write(str(err), style_func=lambda s: s)
            raise CommandError(f"登记簿中有 {len(e.row_errors)} 行有误，未导入任何数据") from None
        self.stdout.write(result.summary)

    def _export(self, agency: Agency, year: str, path: Path) -> None:
        if not (year.strip().isdigit() and len(year.strip()) == 4 and int(year) >= 1000):
            raise CommandError(f"年度“{year}”不是四位数字的年份")
        data = export_register(agency=agency, year=int(year), actor_label="命令行")
        try:
            path.write_bytes(data)
        except OSError as e:
            raise CommandError(f"无法写入文件 {path}（{e.strerror or e}）") from None
        count = register_cases(agency=agency, year=int(year)).count()
        self.stdout.write(f"已导出 {count} 件（{int(year)}年度）到 {path}")
