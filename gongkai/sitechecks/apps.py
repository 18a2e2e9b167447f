from django.apps import AppConfig


class SitechecksConfig(AppConfig):
    name = "gongkai.sitechecks"
    label = "sitechecks"
    verbose_name = "网站自查"
