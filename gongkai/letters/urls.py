from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("<int:pk>/docx", views.letter_docx, name="docx"),
    path("<int:pk>/pdf", views.letter_pdf, name="pdf"),
    path("templates/", views.template_agencies, name="template_agencies"),
    path("templates/default/<slug:kind>.docx", views.default_docx, name="default_template"),
    path("templates/<str:code>/", views.template_list, name="templates"),
    path("templates/<str:code>/<slug:kind>.docx", views.agency_docx, name="agency_template"),
    path("templates/<str:code>/<slug:kind>/upload", views.upload_template, name="upload_template"),
    path("templates/<str:code>/<slug:kind>/reset", views.reset_template, name="reset_template"),
]
