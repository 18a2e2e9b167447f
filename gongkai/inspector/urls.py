from django.urls import path

from . import views

app_name = "inspector"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/progress/", views.batch_progress, name="progress"),
    path("<int:pk>/reports/<int:position>/", views.item_detail, name="item"),
    path("<int:pk>/export.<str:ext>", views.batch_export, name="export"),
]
