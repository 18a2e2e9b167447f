from gongkai.core.commands import GongkaiCommand, MissingPrerequisite
from gongkai.organizations.models import Agency
from gongkai.organizations.services import register_agency


class Command(GongkaiCommand):
    help = "登记与列出机关。gongkai agencies add --code USCC --name 名称 --kind government|department …"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="登记一个机关")
        add.add_argument("--code", required=True, help="统一社会信用代码（18位）")
        add.add_argument("--name", required=True, help="机关全称")
        add.add_argument("--kind", required=True, help="government（人民政府）或 department（政府部门）")
        add.add_argument("--level", default="", help="province、city、district、county 或 township")
        add.add_argument("--parent", help="上级机关的统一社会信用代码")
        add.add_argument("--short-name", default="")
        sub.add_parser("list", help="列出全部机关")

    def handle(self, *args, **options):
        if options["action"] == "add":
            parent = None
            if options["parent"]:
                parent = Agency.objects.filter(code=options["parent"].strip().upper()).first()
                if parent is None:
                    raise MissingPrerequisite(
                        f"上级机关 {options['parent']} 不存在，请先用 gongkai agencies add 登记上级机关"
                    )
            agency = register_agency(
                actor_label="命令行",
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                level=options["level"],
                parent=parent,
                short_name=options["short_name"],
            )
            self.stdout.write(f"已登记：{agency.code} {agency.name}")
            return
        for agency in Agency.objects.select_related("parent"):
            indent = "  " * (agency.depth - 1)
            parts = [agency.code, f"{indent}{agency.name}", agency.get_kind_display()]
            if agency.level:
                parts.append(agency.get_level_display())
            parts.append(f"年报{agency.get_report_due_display()}公布")
            self.stdout.write("\t".join(parts))
