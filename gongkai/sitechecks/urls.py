from django.urls import path

from . import views

app_name = "sitechecks"
urlpatterns = [
    path("", views.sitecheck_list, name="list"),
    path("a/<str:code>/run/", views.sitecheck_run, name="run"),
    path("<int:pk>/", views.sitecheck_detail, name="detail"),
    path("<int:pk>/report.<str:fmt>", views.sitecheck_download, name="download"),
    path("<int:pk>/rectify/<str:finding>/", views.rectification_record, name="rectify"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
]
