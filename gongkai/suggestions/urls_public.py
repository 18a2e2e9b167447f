app_name = "suggestions_public"
urlpatterns: list = []
