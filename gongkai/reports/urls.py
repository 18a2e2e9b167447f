from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("start/<str:code>/", views.report_start, name="start"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/step/<str:step>/", views.report_step, name="step"),
    path("<int:pk>/download.<str:ext>", views.report_download, name="download"),
    path("rollup/<str:code>/<int:year>/", views.rollup_view, name="rollup"),
]
