from django.urls import path

from . import views_public as views

app_name = "suggestions_public"
urlpatterns = [
    path("a/<str:agency_code>/messages/", views.message_list, name="list"),
    path("a/<str:agency_code>/messages/new/", views.message_form, name="form"),
    path("a/<str:agency_code>/messages/new/done/", views.message_submitted, name="submitted"),
    path("a/<str:agency_code>/messages/lookup/", views.message_lookup, name="lookup"),
    path("a/<str:agency_code>/messages/<int:pk>/", views.message_detail, name="detail"),
]
