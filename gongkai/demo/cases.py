"""Demo applications for the seed township: every branch of the workflow and every outcome."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.cases import services as s
from gongkai.cases.models import Case
from gongkai.cases.services.intake import ApplicantFacts
from gongkai.core.clock import recording_as_of
from gongkai.deadlines.calendars import current_calendar
from gongkai.organizations.models import Agency, Department
from gongkai.statute.identifiers import make_uscc
from gongkai.statute.identity import ric_check_digit
from gongkai.statute.outcomes import OUTCOMES, Group

D = dt.date


def _ric(body17: str) -> str:
    return body17 + ric_check_digit(body17)


PEOPLE = [
    ("张建华", _ric("11010919650312003"), "13911026548"),
    ("李秀英", _ric("11010919720825004"), "13520117386"),
    ("王志刚", _ric("11010819801104001"), "18610452273"),
    ("刘淑芬", _ric("11010919590603002"), "13701380925"),
    ("陈立新", _ric("13062519880217003"), "15811208846"),
]
ORGS = [
    ("commercial", "北京潭柘建设工程有限公司", make_uscc("110109", "MA01C5XQ", authority="9", kind="1")),
    ("legal_service", "北京市京门律师事务所", make_uscc("110000", "E0001783", authority="3", kind="1")),
    ("research", "北京林业大学生态研究中心", ""),
]
TOPICS = [
    "2024年潭柘寺村道路硬化工程的招标文件和中标结果",
    "本镇2023年度城乡居民最低生活保障资金发放情况",
    "鲁家滩村集体土地征收补偿安置方案及补偿标准",
    "平原村宅基地使用审核的办理依据和程序",
    "2024年镇政府部门预算和“三公”经费决算",
    "潭柘寺镇农村污水处理设施建设项目的环评批复",
    "本镇2024年农田水利工程建设运营情况",
    "南村综合整治项目的立项批复文件",
]


def _person(i: int) -> ApplicantFacts:
    name, ric, phone = PEOPLE[i % len(PEOPLE)]
    return ApplicantFacts(
        kind="natural_person",
        name=name,
        id_type="resident_id",
        id_number=ric,
        phone=phone,
        address="北京市门头沟区潭柘寺镇",
    )


def _org(i: int) -> ApplicantFacts:
    kind, name, code = ORGS[i % len(ORGS)]
    return ApplicantFacts(
        kind=kind,
        name=name,
        id_type="uscc" if code else "",
        id_number=code,
        contact_person="赵先生",
        phone="010-69860000",
    )


def load_demo_cases(agency: Agency) -> int:
    """Create the demo cases once (nothing happens if the agency already has cases)."""
    if Case.objects.filter(agency=agency).exists():
        return 0
    User = get_user_model()
    clerk, head = User.objects.get(username="tzs_clerk"), User.objects.get(username="tzs_head")
    office = Department.objects.get(agency=agency, name="党政办公室")
    works = Department.objects.get(agency=agency, name="城乡建设办公室")

    def new(received_on, topic, applicant, channel="in_person", **kw):
        with recording_as_of(max([received_on, *(d for d in kw.values() if isinstance(d, dt.date))])):
            case = s.register_case(
                agency=agency,
                channel=channel,
                applicant=applicant,
                description=topic,
                arrived_on=received_on,
                actor=clerk,
                **kw,
            ).case
            return s.assign_case(actor=clerk, case=case, department=works if "工程" in topic else office)

    # The story of 2024 and 2025 is replayed: each step is recorded as of the day it was taken.
    at = recording_as_of

    # The statutory example: received on 27 September 2024, due 30 October across National Day.
    case = new(D(2024, 9, 27), TOPICS[0], _person(0))
    with at(D(2024, 10, 28)):
        s.issue_reply(
            actor=clerk,
            case=case,
            outcome="granted",
            on=D(2024, 10, 28),
            body="经查，现向您提供该工程招标公告、招标文件及中标结果公示（电子文档，共12页）。",
        )
    with at(D(2024, 10, 30)):
        s.record_delivery(
            actor=clerk, case=case, method="post", delivered_on=D(2024, 10, 30), proof="EMS 1127 4410 3982"
        )
    case.refresh_from_db()
    for kind in ("receipt", "reply_granted"):
        s.issue_case_letter(actor=clerk, case=case, kind=kind)

    case = new(D(2024, 3, 4), "要求公开村里的那个文件", _person(1))
    with at(D(2024, 3, 8)):
        s.request_supplement(
            actor=clerk,
            case=case,
            items="请写明所需文件的名称、文号或其他特征描述",
            supplement_by=D(2024, 3, 22),
            notice_on=D(2024, 3, 8),
        )
    with at(D(2024, 3, 18)):
        s.record_supplement(actor=clerk, case=case, received_on=D(2024, 3, 18))
    with at(D(2024, 4, 12)):
        s.issue_reply(
            actor=clerk,
            case=case,
            outcome="partial",
            on=D(2024, 4, 12),
            body="经查，您补正后申请的是鲁家滩村集体土地征收补偿安置方案，本机关保存有该方案及其附件。",
            parts=[
                s.PartFacts(True, "鲁家滩村集体土地征收补偿安置方案正文"),
                s.PartFacts(True, "补偿标准及测算依据"),
                s.PartFacts(
                    False,
                    "附件《被征收户补偿明细表》中各户的姓名、身份证号码和补偿金额",
                    "third_party",
                    "属于被征收户的个人信息，公开会损害其合法权益",
                ),
                s.PartFacts(False, "安置方案的内部讨论稿和会议记录", "process_info"),
            ],
        )

    case = new(D(2024, 5, 6), "要求了解镇里的有关情况", _person(2), channel="ordinary_post", confirmed_on=D(2024, 5, 6))
    with at(D(2024, 5, 9)):
        s.request_supplement(
            actor=clerk,
            case=case,
            items="请明确所需政府信息的内容",
            supplement_by=D(2024, 5, 24),
            notice_on=D(2024, 5, 9),
        )
    with at(D(2024, 5, 27)):
        s.deem_abandoned(actor=clerk, case=case, on=D(2024, 5, 27))

    case = new(D(2024, 6, 11), TOPICS[5], _org(0), channel="email", confirmed_on=D(2024, 6, 11))
    with at(D(2024, 6, 17)):
        c = s.start_consultation(
            actor=clerk,
            case=case,
            party_kind="third_party",
            party_name="北京潭柘环保科技有限公司",
            sent_on=D(2024, 6, 14),
            received_by_party_on=D(2024, 6, 17),
        )
    with at(D(2024, 6, 28)):
        s.record_opinion(
            actor=clerk,
            consultation=c,
            replied_on=D(2024, 6, 28),
            opinion="object",
            note="环评报告中的工艺参数属于商业秘密",
        )
    with at(D(2024, 7, 19)):
        s.issue_reply(
            actor=clerk,
            case=case,
            outcome="withheld_third_party",
            on=D(2024, 7, 19),
            body="经征求第三方意见，第三方以涉及商业秘密为由不同意公开，经审查理由成立，决定不予公开。",
        )

    case = new(D(2024, 8, 1), TOPICS[6], _person(3))
    with at(D(2024, 8, 26)):
        s.request_extension(actor=clerk, case=case, days=15, reason="需调取镇档案室存档资料")
    with at(D(2024, 8, 27)):
        s.decide_extension(actor=head, case=case, approve=True)
    with at(D(2024, 9, 10)):
        s.issue_reply(
            actor=clerk,
            case=case,
            outcome="unavailable_not_held",
            on=D(2024, 9, 10),
            body="经检索本机关档案及相关科室，未找到您所申请的信息。",
        )

    case = new(
        D(2024, 9, 2), "本镇2019年至2024年全部会议纪要", _org(1), channel="registered_post", signed_on=D(2024, 9, 3)
    )
    with at(D(2024, 9, 10)):
        s.issue_fee_notice(actor=clerk, case=case, method="per_volume", pages=420, on=D(2024, 9, 10))
    with at(D(2024, 9, 12)):
        s.record_fee_notice_received(actor=clerk, case=case, received_on=D(2024, 9, 12))
    with at(D(2024, 10, 17)):
        s.close_unpaid(actor=clerk, case=case, on=D(2024, 10, 17))

    case = new(D(2024, 10, 14), TOPICS[4], _org(2), channel="online")
    with at(D(2024, 10, 16)):
        s.withdraw_case(actor=clerk, case=case, on=D(2024, 10, 16), note="申请人来电撤回申请")

    case = new(D(2024, 11, 4), "举报某村干部违规占用耕地，要求查处", _person(4))
    with at(D(2024, 11, 8)):
        s.issue_reply(
            actor=clerk,
            case=case,
            outcome="not_processed_petition",
            on=D(2024, 11, 8),
            body="您的申请属于举报，不作为政府信息公开申请处理，可通过信访渠道反映。",
        )

    case = new(D(2024, 11, 20), TOPICS[0], _person(0))  # same applicant, same request: suggest 重复申请
    with at(D(2024, 11, 25)):
        s.issue_reply(
            actor=clerk,
            case=case,
            outcome="not_processed_repeat",
            on=D(2024, 11, 25),
            body="您于2024年9月27日提出的相同申请，本机关已于2024年10月28日答复，不再重复处理。",
        )

    case = new(D(2024, 12, 2), "本镇所有文件", _person(2))
    with at(D(2024, 12, 4)):
        s.request_reasons(actor=clerk, case=case, reasons_by=D(2024, 12, 13), on=D(2024, 12, 4))
    with at(D(2024, 12, 12)):
        s.record_reasons(
            actor=clerk,
            case=case,
            on=D(2024, 12, 12),
            reasonable=False,
            note="一个月内提出43件内容相近的申请，未说明合理理由",
        )

    # Every remaining outcome of the taxonomy, once, replied in 2025.
    done = {
        "granted",
        "partial",
        "other_no_correction",
        "withheld_third_party",
        "unavailable_not_held",
        "other_unpaid_fee",
        "other_misc",
        "not_processed_petition",
        "not_processed_repeat",
        "not_processed_excessive",
    }
    day = D(2025, 3, 3)
    for i, outcome in enumerate(o for o in OUTCOMES if o.key not in done and o.group is not Group.OTHER):
        if outcome.key == "unavailable_unclear":
            case = new(day, "要求公开相关材料", _person(i))
            with at(day + dt.timedelta(2)):
                s.request_supplement(
                    actor=clerk,
                    case=case,
                    items="请明确相关材料所指",
                    supplement_by=day + dt.timedelta(14),
                    notice_on=day + dt.timedelta(2),
                )
            with at(day + dt.timedelta(9)):
                s.record_supplement(actor=clerk, case=case, received_on=day + dt.timedelta(9))
        else:
            case = new(day, TOPICS[i % len(TOPICS)], _person(i) if i % 3 else _org(i), channel="online")
        with at(day + dt.timedelta(days=16)):
            s.issue_reply(
                actor=clerk,
                case=case,
                outcome=outcome.key,
                on=day + dt.timedelta(days=16),
                body=f"经审查，本申请属于“{outcome.label}”情形，依法作出答复。",
            )
        day += dt.timedelta(days=21)

    # Open cases relative to today, so the queue and the due lists have something to show.
    today = timezone.localdate()
    calendar = current_calendar()

    def back(n):
        return calendar.span(today, -n, provisional=True).end

    case = new(back(17), TOPICS[1], _person(1), channel="online")  # due within 3 working days
    # The clerk asks for more time; the office head finds the request on the 工作台.
    s.request_extension(actor=clerk, case=case, days=15, reason="所需资料分散在各村，需逐一调取核对")
    new(back(24), TOPICS[2], _person(3))  # overdue
    case = new(back(3), "要求公开镇里的规划", _person(4), channel="online")
    s.request_supplement(
        actor=clerk,
        case=case,
        items="请说明所需规划的名称、年份或涉及的村",
        supplement_by=today + dt.timedelta(14),
        notice_on=today,
    )
    case = new(back(6), TOPICS[3], _org(1), channel="online")
    s.start_consultation(
        actor=clerk, case=case, party_kind="co_maker", party_name="北京市门头沟区规划和自然资源委员会", sent_on=back(2)
    )
    new(back(1), TOPICS[7], _person(2), channel="fax", confirmed_on=back(1))
    return Case.objects.filter(agency=agency).count()
