import pytest

from gongkai.core.audit import record_event
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_event_records_actor_target_and_agency(clerk_a, agency_a):
    event = record_event(
        code="agency.viewed", summary="查看", actor=clerk_a, agency=agency_a, target=agency_a, data={"field": "x"}
    )
    event.refresh_from_db()
    assert (event.actor, event.actor_label, event.agency, event.target) == (clerk_a, "clerk_a", agency_a, agency_a)


def test_event_without_user_names_its_source():
    with pytest.raises(ValueError):
        record_event(code="x.y", summary="无来源")
    assert record_event(code="x.y", summary="后台任务", actor_label="后台任务").actor is None


def test_admin_cannot_edit_or_delete_the_log(admin_client, agency_a):
    event = record_event(code="x.y", summary="证据", actor_label="测试")
    assert admin_client.get(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    assert admin_client.post(f"/admin/core/auditevent/{event.pk}/change/", {"summary": "改"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).summary == "证据"
