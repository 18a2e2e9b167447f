from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "gongkai.suggestions"
    label = "suggestions"
    verbose_name = "意见箱"
