from django.urls import path

from . import views

app_name = "remedies"
urlpatterns = [
    path("", views.remedy_list, name="list"),
    path("new/<str:code>/", views.remedy_create, name="create"),
    path("<int:pk>/", views.remedy_detail, name="detail"),
    path("<int:pk>/do/<str:action>/", views.remedy_action, name="action"),
    path("<int:pk>/unlink/<int:case_pk>/", views.remedy_unlink, name="unlink"),
    path("<int:pk>/evidence.zip", views.evidence, name="evidence"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document, name="document"),
]
