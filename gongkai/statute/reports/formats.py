"""Row and column definitions of the two official formats (regulation.md §2.2–2.4)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..outcomes import APPLICANT_LABELS, OUTCOMES, ApplicantType, Group

APPLICANT_COLUMNS: tuple[str, ...] = (*(APPLICANT_LABELS[t] for t in ApplicantType), "总计")
APPLICANT_ORDER: tuple[ApplicantType, ...] = tuple(ApplicantType)
REMEDY_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REMEDY_GROUPS: tuple[tuple[str, str], ...] = (
    ("reconsideration", "行政复议"),
    ("litigation_direct", "行政诉讼 · 未经复议直接起诉"),
    ("litigation_after_reconsideration", "行政诉讼 · 复议后起诉"),
)
SECTIONS: tuple[tuple[str, str], ...] = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

GROUP_ROW_LABELS = {
    Group.WITHHELD: "（三）不予公开",
    Group.UNAVAILABLE: "（四）无法提供",
    Group.NOT_PROCESSED: "（五）不予处理",
    Group.OTHER: "（六）其他处理",
}

# Official labels of the outcome rows as printed in table 三 (2021), keyed like report-data.md.
ROW_LABELS_2021: dict[str, str] = {
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "1.属于国家秘密",
    "withheld_law_prohibited": "2.其他法律行政法规禁止公开",
    "withheld_security_stability": "3.危及“三安全一稳定”",
    "withheld_third_party": "4.保护第三方合法权益",
    "withheld_internal_affairs": "5.属于三类内部事务信息",
    "withheld_process_info": "6.属于四类过程性信息",
    "withheld_enforcement_file": "7.属于行政执法案卷",
    "withheld_query_item": "8.属于行政查询事项",
    "unavailable_not_held": "1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "2.没有现成信息需要另行制作",
    "unavailable_unclear": "3.补正后申请内容仍不明确",
    "not_processed_petition": "1.信访举报投诉类申请",
    "not_processed_repeat": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物",
    "not_processed_excessive": "4.无正当理由大量反复申请",
    "not_processed_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他",
}


@dataclass(frozen=True)
class ProactiveRow:
    key: str
    block: str  # 第二十条第（一）项 …
    label: str
    cells: tuple[tuple[str, str], ...]  # (cell key, column label)
    money: frozenset[str] = frozenset()  # cells holding 万元 amounts as strings
    signed: frozenset[str] = frozenset()  # cells that may be negative (2019 本年增/减)


@dataclass(frozen=True)
class ReportFormat:
    code: str
    name: str
    document: str
    proactive: tuple[ProactiveRow, ...]
    outcome_keys: tuple[str, ...]
    row_labels: dict[str, str] = field(default_factory=dict)

    @property
    def request_keys(self) -> tuple[str, ...]:
        """Every row of table 三 in order (report-data.md keys)."""
        return ("new", "carried_in", *self.outcome_keys, "total", "carried_out")

    def outcome_key(self, outcome_key_2021: str) -> str:
        """Where a case's (2021) outcome is counted in this format."""
        if self.code == "2019" and outcome_key_2021.startswith("other_"):
            return "other"
        return outcome_key_2021

    def row_label(self, key: str) -> str:
        return {
            "new": "一、本年新收政府信息公开申请数量",
            "carried_in": "二、上年结转政府信息公开申请数量",
            "total": "（七）总计",
            "carried_out": "四、结转下年度继续办理",
            "other": "（六）其他处理",
        }.get(key) or self.row_labels[key]


_THREE_2019 = (("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total_public", "对外公开总数量"))
_ITEMS_2019 = (("previous_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))
_THREE_2021 = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
_DECISIONS = (("decisions", "本年处理决定数量"),)

FORMAT_2019 = ReportFormat(
    code="2019",
    name="2019年试行格式",
    document="国办公开办函〔2019〕60号",
    proactive=(
        ProactiveRow("rules", "第二十条第（一）项", "规章", _THREE_2019),
        ProactiveRow("normative_documents", "第二十条第（一）项", "规范性文件", _THREE_2019),
        ProactiveRow("licensing", "第二十条第（五）项", "行政许可", _ITEMS_2019, signed=frozenset({"change"})),
        ProactiveRow(
            "other_services", "第二十条第（五）项", "其他对外管理服务事项", _ITEMS_2019, signed=frozenset({"change"})
        ),
        ProactiveRow("penalty", "第二十条第（六）项", "行政处罚", _ITEMS_2019, signed=frozenset({"change"})),
        ProactiveRow("enforcement", "第二十条第（六）项", "行政强制", _ITEMS_2019, signed=frozenset({"change"})),
        ProactiveRow("fees", "第二十条第（八）项", "行政事业性收费", _ITEMS_2019[:2], signed=frozenset({"change"})),
        ProactiveRow(
            "procurement",
            "第二十条第（九）项",
            "政府集中采购",
            (("projects", "采购项目数量"), ("amount_wan", "采购总金额")),
            money=frozenset({"amount_wan"}),
        ),
    ),
    outcome_keys=tuple(dict.fromkeys(o.key_2019 for o in OUTCOMES)),
    row_labels={**ROW_LABELS_2021, "other": "（六）其他处理"},
)

FORMAT_2021 = ReportFormat(
    code="2021",
    name="2021年修订格式",
    document="国办公开办函〔2021〕30号",
    proactive=(
        ProactiveRow("rules", "第二十条第（一）项", "规章", _THREE_2021),
        ProactiveRow("normative_documents", "第二十条第（一）项", "行政规范性文件", _THREE_2021),
        ProactiveRow("licensing", "第二十条第（五）项", "行政许可", _DECISIONS),
        ProactiveRow("penalty", "第二十条第（六）项", "行政处罚", _DECISIONS),
        ProactiveRow("enforcement", "第二十条第（六）项", "行政强制", _DECISIONS),
        ProactiveRow(
            "fees",
            "第二十条第（八）项",
            "行政事业性收费",
            (("amount_wan", "本年收费金额（单位：万元）"),),
            money=frozenset({"amount_wan"}),
        ),
    ),
    outcome_keys=tuple(o.key for o in OUTCOMES),
    row_labels=ROW_LABELS_2021,
)

FORMATS = {"2019": FORMAT_2019, "2021": FORMAT_2021}
FIRST_2021_YEAR = 2021
# The 2019 trial format is the earliest Gongkai builds (国办公开办函〔2019〕60号, for 2019 reports).
FIRST_REPORT_YEAR = 2019


def format_for_year(year: int) -> ReportFormat:
    """The format in force: the 2019 trial format for 2019–2020, the 2021 format from 2021."""
    return FORMAT_2021 if year >= FIRST_2021_YEAR else FORMAT_2019


def empty_report(fmt: ReportFormat, *, year: int, agency: str) -> dict:
    """A report-data.md dict with every count zero and every entered cell blank (None)."""
    return {
        "format": fmt.code,
        "year": year,
        "agency": agency,
        "proactive": {row.key: {key: None for key, _ in row.cells} for row in fmt.proactive} | {"extra_rows": []},
        "requests": {key: [0] * len(APPLICANT_COLUMNS) for key in fmt.request_keys},
        "remedies": {key: [0] * len(REMEDY_COLUMNS) for key, _ in REMEDY_GROUPS},
        "sections": {number: "" for number, _ in SECTIONS},
        "findings": [],
    }
