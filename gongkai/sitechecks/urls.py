app_name = "sitechecks"
urlpatterns: list = []
