from django.urls import path

from . import views, views_columns, views_directory, views_history, views_legacy, views_words

app_name = "catalog"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/<str:code>/", views.document_new, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/edit/word/", views.document_import_word, name="import_word"),
    path("<int:pk>/do/<str:step>/", views.document_step, name="step"),
    path("<int:pk>/history/", views_history.history, name="history"),
    path("<int:pk>/history/<int:number>/", views_history.compare, name="compare"),
    path("<int:pk>/history/<int:number>/original/", views_history.original, name="original"),
    path("columns/<str:code>/", views_columns.column_list, name="columns"),
    path("columns/<str:code>/<str:item>/withdraw/", views_columns.declaration_withdraw, name="declaration_withdraw"),
    path("<int:pk>/approval/<str:kind>.<str:fmt>", views.approval_form, name="approval"),
    path("words/<str:code>/", views_words.word_list, name="words"),
    path("legacy/<str:code>/", views_legacy.legacy_import, name="legacy"),
    path("legacy/<str:code>/confirm/", views_legacy.legacy_confirm, name="legacy_confirm"),
    path("directory/<str:code>/", views_directory.directory_status, name="directory_status"),
    path("words/<str:code>/<int:pk>/remove/", views_words.word_remove, name="word_remove"),
]
