"""The narrative draft, prefilled from the figures; staff edit it before submitting."""

from __future__ import annotations

from decimal import Decimal

from gongkai.statute.directory import KEY_AREAS, Tally
from gongkai.statute.reports.formats import REMEDY_GROUPS


def fee_sentence(fees: dict) -> str:
    collected = Decimal(fees.get("collected_yuan") or "0")
    if not fees.get("notices") and not collected:
        return "本年度未收取信息处理费。"
    return (
        f"本年度依据《政府信息公开信息处理费管理办法》发出收费通知{fees['notices']}件，"
        f"收取信息处理费{collected.normalize():f}元。"
    )


def directory_sentence(year: int, total: Tally, areas: dict[str, Tally]) -> str:
    """The 标准目录 line of section 一: what the list expected by 31 December and what was done."""
    if not total.items:
        return ""
    line = (
        f"对照本机关主动公开全清单（标准目录）{len(areas)}个领域{total.items}项事项，截至{year}年12月31日"
        f"按公开时限应公开{total.expected}次，按时公开{total.met}次，逾期后公开{total.late}次，"
        f"逾期未公开{total.overdue}次。"
    )
    key = [f"{name}领域{t.items}项事项应公开{t.expected}次、已公开{t.met + t.late}次" for name, t in areas.items()
           if name in KEY_AREAS and t.items]  # fmt: skip
    if key:
        line += "其中重点领域：" + "；".join(key) + "。"
    return line


def draft_sections(data: dict, *, agency: str, previous_problems: str = "", directory_line: str = "") -> dict[str, str]:
    requests, remedies = data["requests"], data["remedies"]
    new, carried_in, total, carried_out = (requests[k][-1] for k in ("new", "carried_in", "total", "carried_out"))
    granted = requests.get("granted", [0])[-1]
    if new or carried_in:
        applications = (
            f"{data['year']}年，本机关新收政府信息公开申请{new}件，上年结转{carried_in}件；"
            f"办结{total}件，其中予以公开{granted}件；结转下年度继续办理{carried_out}件。"
        )
    else:
        applications = f"{data['year']}年，本机关未收到政府信息公开申请。"
    reconsideration = remedies["reconsideration"][-1]
    litigation = sum(remedies[k][-1] for k, _ in REMEDY_GROUPS[1:])
    remedy_text = (
        f"因政府信息公开工作被申请行政复议{reconsideration}件、提起行政诉讼{litigation}件。"
        if reconsideration or litigation
        else "未发生因政府信息公开工作引起的行政复议、行政诉讼。"
    )
    one = (
        f"{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，依据条例第五十条编制本报告，"
        f"统计期限为{data['year']}年1月1日至12月31日。\n{applications}{remedy_text}"
    )
    if directory_line:
        one += "\n" + directory_line
    five = (
        "（请填写本年度存在的主要问题及改进情况。）"
        if not previous_problems
        else f"关于上年度报告提出的问题，整改落实情况如下：（请逐条填写）\n上年度问题摘要：{previous_problems[:300]}"
    )
    six = fee_sentence(data.get("fees") or {})
    return {"一": one, "二": "", "三": "", "四": "", "五": five, "六": six}
