from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gongkai.cases"
    label = "cases"
    verbose_name = "依申请公开"

    def ready(self):
        # deadlines may not import cases (layers), so a loaded holiday schedule reaches the
        # cases' provisional dates through this signal (decision 0016).
        from gongkai.deadlines.signals import schedule_loaded

        from .services.recalc import on_schedule_loaded

        schedule_loaded.connect(on_schedule_loaded, dispatch_uid="cases.recompute_provisional_dates")
