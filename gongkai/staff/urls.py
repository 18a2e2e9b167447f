from django.urls import path

from . import views, views_site

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("site/", views_site.site_choose, name="site_choose"),
    path("site/<str:code>/", views_site.site_settings, name="site_settings"),
]
