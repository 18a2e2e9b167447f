from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("a/<str:agency_code>/apply/", views.apply, name="apply"),
    path("a/<str:agency_code>/apply/done/", views.submitted, name="submitted"),
    path("a/<str:agency_code>/status/", views.status, name="status"),
    path("a/<str:agency_code>/reports/", views.annual_reports, name="annual_reports"),
    path("a/<str:agency_code>/reports/<int:year>/", views.annual_report, name="annual_report"),
]
