"""The project's URLs plus views that fail on purpose, for tests/test_errors.py."""

from django.contrib.auth.decorators import login_required
from django.db import OperationalError, connections
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


class Boom(RuntimeError):
    pass


@login_required
def staff_boom(request):
    raise Boom("a bug in a staff view")


def public_boom(request, agency_code):
    raise Boom("a bug in a public view")


def _refuse(*args, **kwargs):
    raise OperationalError("the database has gone away")


@login_required
def database_gone(request):
    assert request.user.is_authenticated  # loaded before the database goes
    for connection in connections.all():
        connection.cursor = _refuse  # every later query fails (the test restores them)
    raise OperationalError("the database has gone away")


def public_database_gone(request, agency_code):
    from gongkai.portal.views_catalog import public_agency

    public_agency(request, agency_code)  # as every portal view does first
    for connection in connections.all():
        connection.cursor = _refuse
    raise OperationalError("the database has gone away")


urlpatterns = [
    path("a/<str:agency_code>/database-gone/", public_database_gone),
    path("cases/boom/", staff_boom),
    path("cases/database-gone/", database_gone),
    path("a/<str:agency_code>/boom/", public_boom),
    *urlpatterns,
]
