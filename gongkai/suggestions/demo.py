"""Demo messages: the seed township's 意见箱 in every state, and a couple for its neighbour.

Messages go through the real services; receipt times are relative to today so that one message
is always overdue and the others are always in their reply period. Idempotent: a message whose
subject already exists in the agency is not left again.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.organizations.models import Agency, Department

from . import services
from .models import Message

ACTOR = "演示数据"

# (days before today, name, contact, subject, body, consent, what happens next)
TANZHESI = [
    (
        40,
        "张建华",
        "13911112222",
        "鲁家滩村至平原村公交班次能否增加",
        "929路早高峰间隔太长，村里上班的人经常赶不上。能否协调在7点到8点之间增加一班？",
        True,
        ("reply_publish", "经与区交通部门沟通，自下月起929路早高峰加开7:20一班，请关注站牌公告。"),
    ),
    (
        30,
        "",
        "resident@example.com",
        "潭柘寺镇农村宅基地翻建审批需要多长时间",
        "家里老房子想翻建，请问从提交材料到审核结果公示一般需要多长时间？需要准备哪些材料？",
        True,
        ("reply", "宅基地翻建审核一般在受理后20个工作日内完成，所需材料见本镇办事指南“农村宅基地翻建审核”。"),
    ),
    (
        25,
        "李秀英",
        "010-60861234",
        "建议在南村文化广场增设健身器材",
        "南村文化广场晚上锻炼的老人很多，现有器材不够用，也有两台坏了，建议增设并维修。",
        False,
        ("reply", "已安排社会事务办公室实地查看，损坏器材本月内维修，增设事项列入明年民生实事征集。"),
    ),
    (
        30,
        "",
        "13800000000",
        "优惠贷款点击领取",
        "低息贷款，当天到账，详情加微信。低息贷款，当天到账。",
        False,
        ("invalid", "广告或无意义内容"),
    ),
    (
        21,
        "王志刚",
        "wangzg@example.com",
        "村道路灯夜间不亮",
        "王坡村村口到桥头这段路灯已经一个多月晚上不亮了，夜里走路很不安全，请尽快修理。",
        True,
        ("overdue", None),
    ),
    (
        3,
        "刘芳",
        "13722223333",
        "垃圾分类桶站点设置咨询",
        "我们小区的垃圾分类桶站离楼太远，老人扔垃圾不方便，能否在3号楼附近增设一个站点？",
        True,
        ("assign", "城乡建设办公室"),
    ),
    (
        1,
        "赵磊",
        "zhaolei@example.com",
        "2026年高龄津贴发放时间",
        "请问今年的高龄老人津贴什么时候发放？是否需要本人到村委会重新登记？",
        True,
        ("pending", None),
    ),
    (
        0,
        "",
        "13655556666",
        "潭柘寺景区周边停车收费标准",
        "节假日景区周边停车场收费标准是多少？是否有公示？希望能在网站上公开收费依据。",
        False,
        ("pending", None),
    ),
]

WANGPING = [
    (
        12,
        "周强",
        "13566667777",
        "王平村饮水管网改造什么时候完工",
        "饮水管网改造施工已经两个月了，道路一直开挖，请问什么时候完工并恢复路面？",
        True,
        ("reply_publish", "管网改造计划于本月底完工，路面恢复将在完工后10日内完成。"),
    ),
    (
        2,
        "",
        "villager@example.com",
        "建议增加便民服务站办公时间",
        "便民服务站周六不开门，上班的人办事不方便，建议周六上午也开放。",
        True,
        ("pending", None),
    ),
]


def _received_at(days_ago: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _staff(agency: Agency):
    # The demo's clerk of the agency answers; the loader ran demo.services first.
    return get_user_model().objects.filter(memberships__agency=agency, memberships__role="clerk").first()


@transaction.atomic
def load_demo_messages(agency: Agency, *, rows=None) -> int:
    """Leave the demo messages of ``agency`` that are missing; return how many were created."""
    rows = TANZHESI if rows is None else rows
    clerk = _staff(agency)
    created = 0
    for days_ago, name, contact, subject, body, consent, (step, detail) in rows:
        if Message.objects.filter(agency=agency, subject=subject).exists():
            continue
        message = services.submit_message(
            agency=agency,
            name=name,
            contact=contact,
            subject=subject,
            body=body,
            publish_allowed=consent,
            received_at=_received_at(days_ago),
        ).message
        created += 1
        if step == "overdue":
            # Received long enough ago to be overdue today; nobody has answered yet.
            continue
        if clerk is None or step == "pending":
            continue
        if step in ("reply", "reply_publish"):
            services.reply_to_message(actor=clerk, message=message, reply=detail, publish=step == "reply_publish")
            # The service stamps today; the demo's answers were given in time, a few days after receipt.
            replied_at = _received_at(days_ago - 4, hour=15)
            Message.objects.filter(pk=message.pk).update(replied_at=replied_at, replied_on=replied_at.date())
        elif step == "invalid":
            services.mark_invalid(actor=clerk, message=message, reason=detail)
        elif step == "assign":
            department = Department.objects.filter(agency=agency, name=detail).first()
            if department is not None:
                services.assign_message(actor=clerk, message=message, department=department)
    return created


def load_demo_neighbour_messages(agency: Agency) -> int:
    return load_demo_messages(agency, rows=WANGPING)
