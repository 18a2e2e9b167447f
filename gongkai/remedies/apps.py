from django.apps import AppConfig


class RemediesConfig(AppConfig):
    name = "gongkai.remedies"
    label = "remedies"
    verbose_name = "行政复议和行政诉讼"

    def ready(self):
        # A loaded holiday schedule reaches the provisional reply dates through this signal
        # (deadlines may not import remedies; decision 0016).
        from gongkai.deadlines.signals import schedule_loaded

        from .services import on_schedule_loaded

        schedule_loaded.connect(on_schedule_loaded, dispatch_uid="remedies.refresh_provisional_dues")
