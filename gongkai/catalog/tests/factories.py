import datetime as dt

from gongkai.catalog import services
from gongkai.catalog.models import Kind, Subject


def policy_fields(written_on: dt.date, **overrides) -> dict:
    return {
        "title": "关于做好2024年春季森林防火工作的通知",
        "item": "20-12",
        "summary": "部署春季森林防火工作。",
        "subject": Subject.AGRICULTURE,
        "kind": Kind.OTHER,
        "written_on": written_on,
        "document_number": f"潭政发〔{written_on.year}〕3号",
        "body": "<p>各村委会：</p><p>现将有关事项通知如下。</p>",
        **overrides,
    }


def walk_to_signed(document, *, contributor, dept_head, reviewer, leader):
    services.submit_document(actor=contributor, document=document)
    services.approve_by_department(actor=dept_head, document=document)
    services.record_secrecy_review(actor=reviewer, document=document, opinion="经审查，不涉及国家秘密和工作秘密")
    return services.sign_off(actor=leader, document=document)
