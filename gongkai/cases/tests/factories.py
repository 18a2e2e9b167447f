import datetime as dt
import itertools

from gongkai.cases.services.intake import ApplicantFacts, register_case

_ids = itertools.count(1)


def register(
    agency,
    *,
    received_on=dt.date(2024, 9, 27),
    channel="in_person",
    name="张三",
    id_number="",
    kind="natural_person",
    email="",
    description="申请公开2024年潭柘寺村道路硬化工程的招标文件",
    actor=None,
    **kwargs,
):
    """Register a case through the real service (there is no other way to make one)."""
    return register_case(
        agency=agency,
        channel=channel,
        applicant=ApplicantFacts(
            kind=kind,
            name=name,
            id_type="resident_id" if id_number else "",
            id_number=id_number,
            email=email,
            phone="13812345678",
        ),
        description=description,
        arrived_on=received_on,
        actor=actor,
        actor_label="" if actor else "测试",
        **kwargs,
    )
