import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_only(request):
    # Row locks (select_for_update) are what these tests prove; SQLite has none to test.
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
