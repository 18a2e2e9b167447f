from django.apps import AppConfig


class DirectoriesConfig(AppConfig):
    name = "gongkai.directories"
    label = "directories"
    verbose_name = "标准目录"
