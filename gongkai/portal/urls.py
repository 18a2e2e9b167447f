from django.urls import path, re_path

from . import feeds, views, views_catalog, views_directory, views_site

app_name = "portal"
urlpatterns = [
    path("", views_catalog.home, name="home"),
    path("search/", views_catalog.search, name="search"),
    path("elderly-mode/", views_catalog.elderly_mode, name="elderly_mode"),
    path("font-size/", views_site.font_size, name="font_size"),
    path("a/<str:agency_code>/", views_catalog.agency_home, name="agency_home"),
    path("a/<str:agency_code>/guide/", views_catalog.guide, name="guide"),
    path("a/<str:agency_code>/catalog/", views_catalog.catalog, name="catalog"),
    path("a/<str:agency_code>/rules/", views_site.rules, name="rules"),
    path("a/<str:agency_code>/interpretations/", views_site.interpretations, name="interpretations"),
    path("a/<str:agency_code>/sitemap/", views_site.sitemap, name="sitemap"),
    path("a/<str:agency_code>/contact/", views_site.contact, name="contact"),
    path("a/<str:agency_code>/banner/", views_site.banner, name="banner"),
    re_path(
        r"^a/(?P<agency_code>[^/]+)/apply/form\.(?P<fmt>docx|pdf)$",
        views_site.paper_application,
        name="paper_application",
    ),
    path("a/<str:agency_code>/directory/", views_directory.directory, name="directory"),
    path("a/<str:agency_code>/documents/<int:pk>/", views_catalog.document, name="document"),
    path("a/<str:agency_code>/search/", views_catalog.search, name="agency_search"),
    path("feed.atom", feeds.site_feed, name="site_feed"),
    path("a/<str:agency_code>/feed.atom", feeds.agency_feed, name="feed"),
    path("a/<str:agency_code>/apply/", views.apply, name="apply"),
    path("a/<str:agency_code>/apply/done/", views.submitted, name="submitted"),
    path("a/<str:agency_code>/status/", views.status, name="status"),
    path("a/<str:agency_code>/reports/", views.annual_reports, name="annual_reports"),
    path("a/<str:agency_code>/reports/<int:year>/", views.annual_report, name="annual_report"),
]
