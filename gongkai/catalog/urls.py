from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/<str:code>/", views.document_new, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/do/<str:step>/", views.document_step, name="step"),
]
