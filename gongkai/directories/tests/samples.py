"""A 标准目录 workbook built as counties publish them: merged two-row headers, 同上, ticks, ■/□ channels.

Sheet 1 holds two areas one after another, each under its "（一）…领域基层政务公开标准目录" title,
with 一级事项 merged over several rows. Sheet 2 is named after its area and has no title row.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

TOP = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
       "公开对象", None, "公开方式", None]  # fmt: skip
SUB = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开"]
BASIS_BID = "《中华人民共和国招标投标法》《中华人民共和国招标投标法实施条例》"

CONSTRUCTION = [
    ["1", "批准服务信息", "申报要求", "申报材料清单、办理流程", "《政府信息公开条例》",
     "信息形成（或变更）之日起20个工作日内", "城乡建设办公室", "■政府网站 □两微一端 ■政务服务中心", "√", "", "√", ""],
    ["2", None, "批准结果", "项目建议书、可行性研究报告审批结果", "同上", "同上", "同上", "■政府网站",
     "√", "", "√", ""],
    ["3", "招标投标信息", "资格预审公告", "招标项目名称、内容、范围、规模", BASIS_BID, "及时公开",
     "招标人或其招标代理机构", "■政府网站 ■招标投标公共服务平台", "√", "", "√", ""],
    ["4", None, "中标结果公示", "中标候选人名称、排序、投标报价", "同上", "中标候选人确定之日起3日内", "同上", "同上",
     "√", "", "√", ""],
]  # fmt: skip
BUDGET = [
    ["1", "部门预算", "部门预算", "预算报表及说明", "《中华人民共和国预算法》", "批复后20日内", "财政所",
     "■政府网站 ■公开栏", "■", "", "■", ""],
    ["2", "部门决算", "部门决算", "决算报表及说明", "同上", "每年9月底前", "财政所", "■政府网站", "●", "", "●", ""],
]  # fmt: skip
ASSISTANCE = [
    ["1", "最低生活保障", "办事指南", "申请条件、所需材料、办理流程", "《社会救助暂行办法》", "按有关规定时限公开",
     "社会事务办公室", "■政府网站 ■便民服务站 ■公开栏", "√", "", "√", ""],
    ["2", None, "审批结果", "救助对象姓名、家庭人口、保障金额", "同上", "每季度", "社会事务办公室", "■公开栏", "",
     "√", "√", ""],
]  # fmt: skip


def _table(sheet, title, rows) -> None:
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=12)
    sheet.append(TOP)
    top = sheet.max_row  # (an empty sheet's max_row is already 1)
    sheet.append(SUB)
    for col in (1, 4, 5, 6, 7, 8):
        sheet.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    for col in (2, 9, 11):
        sheet.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + 1)
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(row)
    # 一级事项 merged vertically over the rows that leave it empty (None), as published.
    run_start = first
    for offset, row in enumerate(rows[1:], start=1):
        if row[1] is not None:
            if first + offset - 1 > run_start:
                sheet.merge_cells(start_row=run_start, start_column=2, end_row=first + offset - 1, end_column=2)
            run_start = first + offset
    last = first + len(rows) - 1
    if last > run_start:
        sheet.merge_cells(start_row=run_start, start_column=2, end_row=last, end_column=2)


def official_xlsx(extra_rows: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "标准目录"
    _table(sheet, "（一）重大建设项目领域基层政务公开标准目录", CONSTRUCTION + (extra_rows or []))
    sheet.append([])
    _table(sheet, "（二）财政预决算领域基层政务公开标准目录", BUDGET)
    _table(book.create_sheet("社会救助"), None, ASSISTANCE)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
