from django.urls import path

from . import views, views_words

app_name = "catalog"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/<str:code>/", views.document_new, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/do/<str:step>/", views.document_step, name="step"),
    path("<int:pk>/approval/<str:kind>.<str:fmt>", views.approval_form, name="approval"),
    path("words/<str:code>/", views_words.word_list, name="words"),
    path("words/<str:code>/<int:pk>/remove/", views_words.word_remove, name="word_remove"),
]
