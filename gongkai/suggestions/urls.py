from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<int:pk>/", views.message_detail, name="detail"),
    path("<int:pk>/contact/", views.message_contact, name="contact"),
    path("<int:pk>/<str:action>/", views.message_action, name="action"),
]
