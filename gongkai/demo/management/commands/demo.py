from gongkai.core.commands import GongkaiCommand
from gongkai.demo.data import DEMO_PASSWORD
from gongkai.demo.services import load_demo


class Command(GongkaiCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        logins = load_demo()
        self.stdout.write(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, full_name, agency, role in logins:
            self.stdout.write(f"  {username:<16} {full_name}　{agency}　{role}")
