"""Applicant types and reply outcomes: the taxonomy of the annual report's table 三.

Keys are the JSON keys of shared/domain/report-data.md; labels are the official row texts (and
the 办理结果 values of the case register). Every reply is coded to exactly one outcome.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class ApplicantType(StrEnum):
    """Table 三's columns, in the official order."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL = "commercial"
    RESEARCH = "research"
    PUBLIC_INTEREST = "public_interest"
    LEGAL_SERVICE = "legal_service"
    OTHER = "other"

    @property
    def label(self) -> str:
        return APPLICANT_LABELS[self]

    @property
    def is_organization(self) -> bool:
        return self is not ApplicantType.NATURAL_PERSON


APPLICANT_LABELS = {
    ApplicantType.NATURAL_PERSON: "自然人",
    ApplicantType.COMMERCIAL: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.PUBLIC_INTEREST: "社会公益组织",
    ApplicantType.LEGAL_SERVICE: "法律服务机构",
    ApplicantType.OTHER: "其他",
}


class Group(StrEnum):
    GRANTED = "granted"
    PARTIAL = "partial"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_PROCESSED = "not_processed"
    OTHER = "other"


GROUP_LABELS = {
    Group.GRANTED: "予以公开",
    Group.PARTIAL: "部分公开",
    Group.WITHHELD: "不予公开",
    Group.UNAVAILABLE: "无法提供",
    Group.NOT_PROCESSED: "不予处理",
    Group.OTHER: "其他处理",
}


@dataclass(frozen=True)
class Outcome:
    key: str  # report-data.md row key (2021 format)
    label: str  # official row label = 办理结果 value in the register
    group: Group
    basis: str  # the usual legal basis, printed in the reply letter
    # True when the reply withholds something, so that under the 2023 Administrative
    # Reconsideration Law (Art. 23(1)(4), from 2024-01-01) reconsideration must come first.
    withholds: bool = False

    @property
    def key_2019(self) -> str:
        """The 2019 trial format has one 其他处理 row for the three 2021 其他 rows."""
        return "other" if self.group is Group.OTHER else self.key


OUTCOMES: tuple[Outcome, ...] = (
    Outcome("granted", "予以公开", Group.GRANTED, "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项"),
    Outcome("partial", "部分公开", Group.PARTIAL, "《中华人民共和国政府信息公开条例》第三十七条", withholds=True),
    Outcome(
        "withheld_state_secret",
        "属于国家秘密",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
        withholds=True,
    ),
    Outcome(
        "withheld_law_prohibited",
        "其他法律行政法规禁止公开",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
        withholds=True,
    ),
    Outcome(
        "withheld_security_stability",
        "危及“三安全一稳定”",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
        withholds=True,
    ),
    Outcome(
        "withheld_third_party",
        "保护第三方合法权益",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项",
        withholds=True,
    ),
    Outcome(
        "withheld_internal_affairs",
        "属于三类内部事务信息",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
        withholds=True,
    ),
    Outcome(
        "withheld_process_info",
        "属于四类过程性信息",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
        withholds=True,
    ),
    Outcome(
        "withheld_enforcement_file",
        "属于行政执法案卷",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
        withholds=True,
    ),
    Outcome(
        "withheld_query_item",
        "属于行政查询事项",
        Group.WITHHELD,
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
        withholds=True,
    ),
    Outcome(
        "unavailable_not_held",
        "本机关不掌握相关政府信息",
        Group.UNAVAILABLE,
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    ),
    Outcome(
        "unavailable_needs_creation",
        "没有现成信息需要另行制作",
        Group.UNAVAILABLE,
        "《中华人民共和国政府信息公开条例》第三十八条",
    ),
    Outcome(
        "unavailable_unclear", "补正后申请内容仍不明确", Group.UNAVAILABLE, "《中华人民共和国政府信息公开条例》第三十条"
    ),
    Outcome(
        "not_processed_petition",
        "信访举报投诉类申请",
        Group.NOT_PROCESSED,
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
    ),
    Outcome(
        "not_processed_repeat",
        "重复申请",
        Group.NOT_PROCESSED,
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    ),
    Outcome(
        "not_processed_publication",
        "要求提供公开出版物",
        Group.NOT_PROCESSED,
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
    ),
    Outcome(
        "not_processed_excessive",
        "无正当理由大量反复申请",
        Group.NOT_PROCESSED,
        "《中华人民共和国政府信息公开条例》第三十五条",
    ),
    Outcome(
        "not_processed_confirmation",
        "要求行政机关确认或重新出具已获取信息",
        Group.NOT_PROCESSED,
        "《中华人民共和国政府信息公开条例》第三十八条、第三十九条",
    ),
    Outcome("other_no_correction", "逾期不补正", Group.OTHER, "《中华人民共和国政府信息公开条例》第三十条"),
    Outcome("other_unpaid_fee", "逾期未缴费", Group.OTHER, "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"),
    Outcome("other_misc", "其他", Group.OTHER, "《中华人民共和国政府信息公开条例》"),
)

BY_KEY: dict[str, Outcome] = {o.key: o for o in OUTCOMES}
BY_LABEL: dict[str, Outcome] = {o.label: o for o in OUTCOMES}
# Row keys of the 2019 trial format's table 三 outcome rows, in order.
KEYS_2019: tuple[str, ...] = tuple(dict.fromkeys(o.key_2019 for o in OUTCOMES))
KEYS_2021: tuple[str, ...] = tuple(o.key for o in OUTCOMES)

RECONSIDERATION_FIRST_FROM = dt.date(2024, 1, 1)  # 行政复议法 (2023) Art. 23(1)(4), Art. 90
RECONSIDERATION_DAYS = 60  # 行政复议法 Art. 20(1)
LITIGATION_MONTHS = 6  # 行政诉讼法 Art. 46


def remedy_notice(
    outcome: Outcome | None, decided_on: dt.date, *, reconsideration_body: str, court: str = "有管辖权的人民法院"
) -> str:
    """The remedy clause (救济途径告知) for a reply or a notice ending the case.

    From 2024-01-01 a refusal to disclose (and, on the cautious reading of regulation.md §9.2,
    the withheld part of a partial disclosure) must go to reconsideration first, and the letter
    must say so (Art. 23(2)); other replies keep both routes. Never the pre-2015 "3个月" period.
    """
    who = reconsideration_body
    if outcome is not None and outcome.withholds and decided_on >= RECONSIDERATION_FIRST_FROM:
        part = "对其中不予公开的部分" if outcome.group is Group.PARTIAL else ""
        return (
            f"如对本答复不服，{part}应当依照《中华人民共和国行政复议法》第二十三条的规定，先自收到本答复之日起"
            f"{RECONSIDERATION_DAYS}日内向{who}申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起"
            f"15日内依法向{court}提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起{RECONSIDERATION_DAYS}日内向{who}申请行政复议，"
        f"或者自收到本答复之日起{LITIGATION_MONTHS}个月内依法向{court}提起行政诉讼。"
    )


# -- the parts of a partial disclosure (Art. 37) ---------------------------------------------

REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class PartGround:
    """Why one part of the requested information is not given, and the article that says so.

    Art. 37 is the rule for separating the parts, not a ground: each part withheld or unavailable
    needs its own ground from Arts. 14–16, 36 or 38 (or is no government information at all).
    """

    key: str
    label: str  # printed as the reason
    article: str  # printed after the Regulation's title
    order: int  # article order, to list several grounds as the Regulation does
    unavailable: bool = False  # 无法提供 rather than 不予公开


PART_GROUNDS: tuple[PartGround, ...] = (
    PartGround("state_secret", "属于国家秘密", "第十四条", 14),
    PartGround("law_prohibited", "法律、行政法规禁止公开", "第十四条", 14),
    PartGround("security_stability", "公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条", 14),
    PartGround("third_party", "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害", "第十五条", 15),
    PartGround("internal_affairs", "属于人事管理、后勤管理、内部工作流程等内部事务信息", "第十六条第一款", 16),
    PartGround("process_info", "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息", "第十六条第二款", 17),
    PartGround("enforcement_file", "属于行政执法案卷信息", "第十六条第二款", 17),
    PartGround("query_item", "属于法律、行政法规对获取有专门规定的信息，应按有关规定办理", "第三十六条第（七）项", 367),
    PartGround("not_government_info", "不属于政府信息", "第二条、第三十七条", 2),
    PartGround("not_held", "经检索，本机关未制作或者获取该部分信息", "第三十六条第（四）项", 364, unavailable=True),
    PartGround("not_responsible", "该部分信息不属于本机关负责公开", "第三十六条第（五）项", 365, unavailable=True),
    PartGround("needs_creation", "需要对现有信息进行加工、分析才能形成", "第三十八条", 380, unavailable=True),
)
PART_GROUNDS_BY_KEY: dict[str, PartGround] = {g.key: g for g in PART_GROUNDS}
PARTIAL_ARTICLE = ("第三十七条", 370)


def partial_basis(ground_keys: list[str]) -> str:
    """The legal basis of a partial disclosure: Art. 37 and the article of every ground used."""
    articles = {PARTIAL_ARTICLE}
    for key in ground_keys:
        ground = PART_GROUNDS_BY_KEY[key]
        for article in ground.article.split("、"):
            articles.add((article, ground.order if article != "第三十七条" else PARTIAL_ARTICLE[1]))
    ordered = sorted(articles, key=lambda a: (a[1], a[0]))
    return REGULATION + "、".join(dict.fromkeys(a for a, _ in ordered))
