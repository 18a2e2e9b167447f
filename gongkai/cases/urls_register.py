"""Routes of the case register pages; included from the cases URLs (no app_name of its own)."""

from django.urls import path

from . import views_register

urlpatterns = [
    path("register/<str:code>/import/", views_register.register_import, name="cases_register_import"),
    path("register/<str:code>/export/<int:year>/", views_register.register_export, name="cases_register_export"),
]
