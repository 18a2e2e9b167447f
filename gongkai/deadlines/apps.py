from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "gongkai.deadlines"
    label = "deadlines"
    verbose_name = "法定工作日"
