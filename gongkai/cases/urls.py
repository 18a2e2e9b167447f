from django.urls import include, path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("due/", views.due_list, name="due"),
    path("new/<str:code>/", views.case_intake, name="intake"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/applicant/", views.case_applicant, name="applicant"),
    path("<int:pk>/do/<str:action>/", views.case_action, name="action"),
    path("<int:pk>/letter/<str:kind>/", views.case_letter, name="letter"),
    path("", include("gongkai.cases.urls_register")),
]
