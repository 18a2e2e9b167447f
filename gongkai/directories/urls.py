from django.urls import path

from . import views

app_name = "directories"
urlpatterns = [
    path("<str:code>/", views.directory, name="list"),
    path("<str:code>/new/", views.item_new, name="new"),
    path("<str:code>/import/", views.directory_import, name="import"),
    path("<str:code>/export.<str:fmt>", views.directory_export, name="export"),
    path("<str:code>/settings/", views.directory_settings, name="settings"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="edit"),
    path("items/<int:pk>/retire/", views.item_retire, name="retire"),
]
