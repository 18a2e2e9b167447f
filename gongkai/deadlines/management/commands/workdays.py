import datetime as dt
import re
from pathlib import Path

from django.core.management.base import CommandError

from gongkai.core.commands import GongkaiCommand
from gongkai.deadlines.calendars import current_calendar
from gongkai.deadlines.models import CalendarDay, CalendarYear
from gongkai.deadlines.seed import chinesecalendar_schedule
from gongkai.deadlines.services import load_schedule, parse_schedule_csv, seed_from_chinesecalendar
from gongkai.statute.calendar import ScheduleNotLoaded

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Exit status when the schedule of a needed year is not loaded (the contract of `workdays`).
EXIT_NOT_LOADED = 2


def parse_date(raw: str) -> dt.date:
    try:
        if not _DATE.match(raw):
            raise ValueError
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"“{raw}”不是有效日期，请使用 YYYY-MM-DD 格式") from None


def parse_int(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise CommandError(f"“{raw}”不是整数") from None


class Command(GongkaiCommand):
    help = "法定工作日：计算、查询与录入节假日安排。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="输出某日之后第 N 个工作日（不含当日）")
        add.add_argument("date")
        add.add_argument("n")
        isw = sub.add_parser("is-workday", help="某日是工作日还是休息日")
        isw.add_argument("date")
        between = sub.add_parser("between", help="两个日期之间的工作日数（不含起始日，含结束日）")
        between.add_argument("start")
        between.add_argument("end")
        explain = sub.add_parser("explain", help="说明期限的计算过程")
        explain.add_argument("date")
        explain.add_argument("n")
        load = sub.add_parser("load", help="从 CSV 文件录入节假日安排（表头：日期,类型,名称）")
        load.add_argument("file")
        load.add_argument("--source", default="", help="来源，如通知文号；缺省为文件名")
        sub.add_parser("seed", help="从 chinesecalendar 数据包补录尚未录入的年度")
        sub.add_parser("years", help="列出已录入的年度")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            getattr(self, "do_" + action.replace("-", "_"))(options)
        except ScheduleNotLoaded as e:
            message = str(e)
            if e.year in chinesecalendar_schedule():  # e.g. after `gongkai flush` emptied the calendar
                message += f"系统已附带{e.year}年的安排，运行 gongkai workdays seed 即可补录。"
            raise CommandError(message, returncode=EXIT_NOT_LOADED) from e

    def do_add(self, options):
        start, n = parse_date(options["date"]), parse_int(options["n"])
        calendar = current_calendar()
        calendar.is_workday(start)  # the start's own year must be loaded too
        self.stdout.write(calendar.add_working_days(start, n).isoformat())

    def do_is_workday(self, options):
        workday, name = current_calendar().describe(parse_date(options["date"]))
        label = "工作日" if workday else "休息日"
        self.stdout.write(f"{label}（{name}）" if name else label)

    def do_between(self, options):
        start, end = parse_date(options["start"]), parse_date(options["end"])
        self.stdout.write(str(current_calendar().working_days_between(start, end)))

    def do_explain(self, options):
        start, n = parse_date(options["date"]), parse_int(options["n"])
        self.stdout.write(current_calendar().span(start, n).explain())

    def do_load(self, options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"无法读取文件 {path}：{e.strerror}") from None
        years = parse_schedule_csv(data)
        recomputed: list[str] = []  # what the apps recomputed once the load committed
        loaded = load_schedule(
            years=years,
            source=options["source"] or path.name,
            day_source=CalendarDay.Source.FILE,
            actor_label="命令行",
            report=recomputed.append,
        )
        self.stdout.write("已录入：" + "、".join(f"{y}年" for y in loaded))
        for line in recomputed:
            self.stdout.write(line)

    def do_seed(self, options):
        loaded = seed_from_chinesecalendar(actor_label="命令行")
        self.stdout.write("已补录：" + "、".join(f"{y}年" for y in loaded) if loaded else "没有需要补录的年度")

    def do_years(self, options):
        for year in CalendarYear.objects.order_by("year"):
            self.stdout.write(f"{year.year}\t{year.source}\t{year.loaded_at:%Y-%m-%d}")
