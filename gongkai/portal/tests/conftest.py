import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # The lookup throttle counts in the process-wide cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


# The catalogue's role personas (contributor, department head, reviewer, leader) for the end-to-end
# journey from draft to portal.
from gongkai.catalog.tests.conftest import contributor_a, dept_head_a, leader_a, reviewer_a, today  # noqa: E402, F401
