from django.urls import path

from . import views_files

app_name = "catalog_files"
urlpatterns = [
    path("<int:pk>/", views_files.download, name="download"),
    path("<int:pk>/remove/", views_files.remove, name="remove"),
    path("<int:pk>/move/", views_files.move, name="move"),
    path("upload/<int:document_pk>/", views_files.upload, name="upload"),
    path("links/<int:document_pk>/check/", views_files.recheck_links, name="recheck_links"),
]
