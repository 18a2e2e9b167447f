"""The catalogue personas, for the cross-app browser tests kept here (catalog may not import portal)."""

from gongkai.catalog.tests.conftest import (  # noqa: F401 — fixtures
    calendar,
    contributor_a,
    department_a,
    dept_head_a,
    fields,
    leader_a,
    reviewer_a,
    today,
)
