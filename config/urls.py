from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "公开 Gongkai 管理后台"
admin.site.site_title = "Gongkai"
admin.site.index_title = "系统设置"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", include("gongkai.staff.urls")),
    path("letters/", include("gongkai.letters.urls")),
    path("cases/", include("gongkai.cases.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("remedies/", include("gongkai.remedies.urls")),
    path("inspector/", include("gongkai.inspector.urls")),
    path("catalog/", include("gongkai.catalog.urls")),
    path("directory/", include("gongkai.directories.urls")),
    path("files/", include("gongkai.catalog.urls_files")),
    path("suggestions/", include("gongkai.suggestions.urls")),
    path("sitechecks/", include("gongkai.sitechecks.urls")),
    path("api/", include("gongkai.portal.urls_api")),
    path("", include("gongkai.suggestions.urls_public")),
    path("", include("gongkai.portal.urls")),
]

# Chinese error pages inside the site's frame (gongkai/staff/errors.py); CSRF_FAILURE_VIEW too.
handler400 = "gongkai.staff.errors.bad_request"
handler403 = "gongkai.staff.errors.permission_denied"
handler404 = "gongkai.staff.errors.page_not_found"
handler500 = "gongkai.staff.errors.server_error"
