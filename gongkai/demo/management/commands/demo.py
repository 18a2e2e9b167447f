from gongkai.core.commands import GongkaiCommand, MissingPrerequisite
from gongkai.core.readiness import STATIC_NOT_COLLECTED, static_files_collected
from gongkai.demo.data import DEMO_PASSWORD
from gongkai.demo.services import load_demo
from gongkai.organizations.models import Agency


class Command(GongkaiCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。"

    def handle(self, *args, **options):
        # Prerequisites in the order `make run` meets them: this query fails (and the entry point
        # says "gongkai migrate") on a fresh database, before collectstatic is worth mentioning.
        Agency.objects.exists()
        if not static_files_collected():  # the demo's 网站自查 crawls the portal: it would record 500s
            raise MissingPrerequisite(STATIC_NOT_COLLECTED)
        logins = load_demo()
        self.stdout.write(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, full_name, agency, role in logins:
            self.stdout.write(f"  {username:<16} {full_name}　{agency}　{role}")
