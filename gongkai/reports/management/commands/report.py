import json
from pathlib import Path

from django.core.management.base import CommandError

from gongkai.core.commands import GongkaiCommand, MissingPrerequisite
from gongkai.organizations.models import Agency
from gongkai.reports.builder import NoReportData, build_report_data, current_report
from gongkai.statute.reports import FORMATS

OUTPUTS = (".json", ".docx", ".html", ".pdf")


class Command(GongkaiCommand):
    help = (
        "生成政府信息公开工作年度报告：gongkai report build --agency 代码 --year 年度 [--format 2019|2021] --out 文件"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="按记录生成年度报告（.json/.docx/.html/.pdf，由文件扩展名决定）")
        build.add_argument("--agency", required=True, help="机关的统一社会信用代码")
        build.add_argument("--year", required=True, help="报告年度")
        build.add_argument("--format", dest="fmt", help="2019 或 2021（缺省为该年度适用的格式）")
        build.add_argument("--out", required=True, help="输出文件")

    def handle(self, *args, **options):
        agency = Agency.objects.filter(code=options["agency"].strip().upper()).first()
        if agency is None:
            raise MissingPrerequisite(
                f"机关 {options['agency']} 不存在：请先用 gongkai agencies add 登记该机关"
                "（或运行 gongkai demo 载入演示数据）"
            )
        try:
            year = int(options["year"])
        except ValueError:
            raise CommandError(f"年度“{options['year']}”不是整数") from None
        if not 2008 <= year <= 2100:
            raise CommandError(f"年度 {year} 超出范围")
        fmt = options["fmt"]
        if fmt is not None and fmt not in FORMATS:
            raise CommandError(f"格式“{fmt}”无效，应为 2019 或 2021")
        out = Path(options["out"])
        if out.suffix.lower() not in OUTPUTS:
            raise CommandError(f"不支持的输出类型“{out.suffix}”，请使用 {'、'.join(OUTPUTS)}")
        try:
            data = build_report_data(
                agency=agency, year=year, fmt_code=fmt, report=current_report(agency, year), require_data=True
            )
        except NoReportData as e:
            raise MissingPrerequisite(
                f"{e}：请先导入该年度的登记簿（gongkai cases import 登记簿.xlsx --agency {agency.code}），"
                "或在网页“年度报告”中填报"
            ) from None
        out.write_bytes(self.render(data, out.suffix.lower()))
        errors = sum(f["severity"] == "error" for f in data["findings"])
        self.stdout.write(
            f"已生成 {out}（{FORMATS[data['format']].name}，{len(data['findings'])}项提示，其中错误{errors}项）"
        )

    @staticmethod
    def render(data: dict, suffix: str) -> bytes:
        if suffix == ".json":
            return json.dumps(data, ensure_ascii=False, indent=2).encode()
        if suffix == ".docx":
            from gongkai.reports.rendering.docx import render_docx

            return render_docx(data)
        if suffix == ".html":
            from gongkai.reports.rendering.html import render_html

            return render_html(data).encode()
        from gongkai.reports.rendering.pdf import render_pdf

        return render_pdf(data)
