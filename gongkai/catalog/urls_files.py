app_name = "catalog_files"
urlpatterns: list = []
