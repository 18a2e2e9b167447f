from django.apps import AppConfig


class InspectorConfig(AppConfig):
    name = "gongkai.inspector"
    label = "inspector"
    verbose_name = "年报检查"
