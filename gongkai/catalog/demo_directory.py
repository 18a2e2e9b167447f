"""The seed township's 主动公开全清单: 35 items in 13 areas, with its catalogue filed under them.

Written as 门头沟区 compiled it from the 2019 standard guidelines (areas 机关信息, 政策文件, 财政预决算,
重大建设项目, 城乡规划, 社会救助, 救灾, 安全生产, 城市综合执法, 农业农村, 就业, 社会保险, 环境保护), the
list was adopted on 1 January 2026. The demo documents are filed under their items by title, and
the township is honestly behind on some: the 2025 决算 (due by the end of September) is missing,
the quarterly 低保 lists stop after the first quarter, the safety inspections were not published
this year, and several items have never had a document.
"""

# ruff: noqa: E501 — one item per row of the official table reads better than wrapped tuples
from __future__ import annotations

import datetime as dt

from gongkai.directories import services as directory_services
from gongkai.directories.models import DirectoryItem
from gongkai.organizations.models import Agency, Department

from .models import Document

ADOPTED_ON = dt.date(2026, 1, 1)
FORMED_20 = "信息形成（或变更）之日起20个工作日内"
ORI = "《中华人民共和国政府信息公开条例》"
WEB = ["政府网站"]
WEB_BOARD = ["政府网站", "社区/企事业单位/村公示栏（电子屏）"]
WEB_CENTRE = ["政府网站", "政务服务中心", "便民服务站"]
PUBLIC, SPECIFIC = "public", "specific"

# (area, 一级事项, 二级事项, 公开内容（要素）, 公开依据, 公开时限, 公开主体 = department, channels,
#  audience, also on request, title keywords that file a demo document under the item)
ITEMS: list[tuple] = [
    ("机关信息", "机构职能", "机构职能", "机构名称、主要职能、内设机构", ORI, FORMED_20, "党政办公室", WEB, PUBLIC, False,
     ["机构职能"]),
    ("机关信息", "机构职能", "领导信息", "领导姓名、职务、分工", ORI, FORMED_20, "党政办公室", WEB, PUBLIC, False,
     ["领导班子"]),
    ("机关信息", "机构职能", "办公地址及联系方式", "办公地址、办公时间、联系电话", ORI, FORMED_20, "党政办公室", WEB,
     PUBLIC, False, ["办公地址"]),
    ("政策文件", "行政规范性文件", "规范性文件", "文件全文、发文字号、成文日期、有效性", ORI, FORMED_20, "党政办公室",
     WEB, PUBLIC, False, ["管理办法", "实施办法"]),
    ("政策文件", "政策解读", "政策解读", "解读材料、图解", "《国务院办公厅关于全面推进政务公开工作的意见》",
     "与政策文件同步公开", "党政办公室", WEB, PUBLIC, False, ["政策解读"]),
    ("财政预决算", "部门预算", "部门预算", "部门预算报表及说明", "《中华人民共和国预算法》", "批复后20日内", "党政办公室",
     WEB, PUBLIC, False, ["部门预算"]),
    ("财政预决算", "部门决算", "部门决算", "部门决算报表及说明", "《中华人民共和国预算法》", "每年9月底前", "党政办公室",
     WEB, PUBLIC, False, ["部门决算"]),
    ("财政预决算", "“三公”经费", "“三公”经费预决算", "因公出国（境）费、公务用车购置及运行费、公务接待费",
     "《中华人民共和国预算法》", "随部门预决算公开", "党政办公室", WEB, PUBLIC, False, []),
    ("财政预决算", "政府采购", "采购结果", "采购项目名称、中标供应商、中标金额", "《中华人民共和国政府采购法》",
     "中标、成交供应商确定之日起2个工作日内", "经济发展办公室", WEB, PUBLIC, False, ["采购项目"]),
    ("重大建设项目", "批准服务信息", "批准结果", "项目建议书、可行性研究报告、初步设计审批结果", ORI, FORMED_20,
     "城乡建设办公室", WEB, PUBLIC, False, []),
    ("重大建设项目", "招标投标信息", "中标结果", "中标候选人、中标结果", "《中华人民共和国招标投标法》", "及时公开",
     "城乡建设办公室", ["政府网站", "招标投标公共服务平台"], PUBLIC, False, []),
    ("重大建设项目", "征收土地信息", "补偿安置方案", "补偿标准、安置方式、补偿对象", "《中华人民共和国土地管理法》",
     "批准后20个工作日内", "城乡建设办公室", WEB_BOARD, SPECIFIC, True, []),
    ("重大建设项目", "施工有关信息", "农田水利工程", "建设计划、施工单位、竣工验收", ORI, FORMED_20, "经济发展办公室",
     WEB_BOARD, PUBLIC, False, ["农田水利"]),
    ("城乡规划", "村庄规划", "规划批前公示", "规划草案、公示期限、意见反馈方式", "《中华人民共和国城乡规划法》",
     "按有关规定时限公开", "城乡建设办公室", WEB_BOARD, PUBLIC, False, []),
    ("城乡规划", "村庄规划", "规划成果", "批准的村庄规划图件及说明", "《中华人民共和国城乡规划法》", "批准后20个工作日内",
     "城乡建设办公室", WEB_BOARD, PUBLIC, False, ["村庄规划"]),
    ("社会救助", "最低生活保障", "办事指南", "申请条件、所需材料、办理流程", "《社会救助暂行办法》", FORMED_20,
     "社会事务办公室", WEB_CENTRE, PUBLIC, False, ["最低生活保障办理指南"]),
    ("社会救助", "最低生活保障", "救助对象公示", "救助对象、家庭人口、保障金额", "《社会救助暂行办法》",
     "每季度结束后15日内", "社会事务办公室", WEB_BOARD, PUBLIC, False, ["低保"]),
    ("社会救助", "最低生活保障", "保障标准", "城乡低保标准及调整情况", "《社会救助暂行办法》", FORMED_20,
     "社会事务办公室", WEB_CENTRE, PUBLIC, False, ["保障标准"]),
    ("社会救助", "特困人员救助供养", "办事指南", "申请条件、所需材料、办理流程", "《社会救助暂行办法》", FORMED_20,
     "社会事务办公室", WEB_CENTRE, PUBLIC, False, ["特困人员供养办理指南"]),
    ("社会救助", "临时救助", "办事指南", "救助对象范围、救助标准、办理程序", "《社会救助暂行办法》", FORMED_20,
     "社会事务办公室", WEB_CENTRE, PUBLIC, False, ["临时救助办理指南"]),
    ("社会救助", "临时救助", "救助情况", "救助对象、救助金额", "《社会救助暂行办法》", "每半年", "社会事务办公室",
     WEB_BOARD, SPECIFIC, True, ["临时救助情况"]),
    ("社会救助", "残疾人福利", "两项补贴", "困难残疾人生活补贴和重度残疾人护理补贴办理指南", "《残疾人保障法》",
     FORMED_20, "社会事务办公室", WEB_CENTRE, PUBLIC, False, ["残疾人两项补贴"]),
    ("救灾", "应急管理", "应急预案", "总体应急预案和专项应急预案", "《中华人民共和国突发事件应对法》", FORMED_20,
     "平安建设办公室", WEB, PUBLIC, False, ["应急预案", "防控工作方案"]),
    ("救灾", "灾害预警", "预警信息", "预警级别、影响范围、防范措施", "《中华人民共和国突发事件应对法》", "实时公开",
     "平安建设办公室", ["政府网站", "两微一端", "广播电视"], PUBLIC, False, []),
    ("安全生产", "安全生产监管", "检查情况", "检查对象、发现问题、整改情况", "《中华人民共和国安全生产法》", "每季度",
     "平安建设办公室", WEB, PUBLIC, False, ["安全生产检查情况", "安全生产大检查"]),
    ("城市综合执法", "行政处罚", "处罚决定", "行政处罚决定书（隐去个人信息）", "《中华人民共和国行政处罚法》",
     "作出行政处罚决定之日起7个工作日内", "综合行政执法队", WEB, PUBLIC, False, ["行政处罚决定书"]),
    ("城市综合执法", "执法制度", "权力清单及执法流程", "执法事项、依据、流程", "《中华人民共和国行政处罚法》", FORMED_20,
     "综合行政执法队", WEB, PUBLIC, False, ["权力清单"]),
    ("农业农村", "农村土地承包", "经营权流转情况", "流转面积、流转方式、合同备案", "《中华人民共和国农村土地承包法》",
     "每年12月底前", "经济发展办公室", WEB_BOARD, PUBLIC, False, ["土地承包经营权流转"]),
    ("农业农村", "农村宅基地", "办事指南", "申请条件、审核程序", "《中华人民共和国土地管理法》", FORMED_20,
     "城乡建设办公室", WEB_CENTRE, PUBLIC, False, ["宅基地使用审核办理指南"]),
    ("农业农村", "农村宅基地", "审核结果", "申请人、宅基地位置、面积、审核结果", "《中华人民共和国土地管理法》",
     "审核通过后5个工作日内", "城乡建设办公室", WEB_BOARD, SPECIFIC, False, ["宅基地使用审核结果", "宅基地翻建"]),
    ("就业", "就业服务", "招聘信息", "招聘单位、岗位、条件", "《中华人民共和国就业促进法》", "及时公开", "社会事务办公室",
     WEB_CENTRE, PUBLIC, False, ["招聘", "公益性岗位"]),
    ("就业", "就业帮扶", "低收入农户帮扶", "帮扶对象、帮扶措施", "《中华人民共和国就业促进法》", "每年12月底前",
     "社会事务办公室", WEB_BOARD, SPECIFIC, False, ["低收入农户"]),
    ("社会保险", "城乡居民养老保险", "政策问答", "参保条件、缴费标准、待遇领取", "《中华人民共和国社会保险法》",
     "按有关规定时限公开", "社会事务办公室", WEB_CENTRE, PUBLIC, False, ["养老保险"]),
    ("环境保护", "人居环境", "垃圾分类", "垃圾分类检查情况", "《北京市生活垃圾管理条例》", "每年12月底前",
     "城乡建设办公室", WEB_BOARD, PUBLIC, False, ["垃圾分类"]),
    ("环境保护", "环境监管", "环境违法处罚", "处罚对象、违法事实、处罚结果", "《中华人民共和国环境保护法》",
     "作出决定之日起7个工作日内", "综合行政执法队", WEB, PUBLIC, False, []),
]  # fmt: skip


def load_demo_directory(agency: Agency) -> int:
    """Create the list once and file the township's documents under it; returns the items created."""
    if DirectoryItem.objects.filter(agency=agency).exists():
        return 0
    departments = {d.name: d for d in Department.objects.filter(agency=agency)}
    rows = []
    for area, level1, level2, content, basis, deadline, publisher, channels, audience, on_request, _ in ITEMS:
        rows.append(
            {
                "area": area,
                "level1": level1,
                "level2": level2,
                "content": content,
                "basis": basis,
                "deadline_text": deadline,
                "publisher": publisher,
                "department": departments.get(publisher),
                "channels": channels,
                "audience_public": audience == PUBLIC,
                "audience_specific": audience == SPECIFIC,
                "proactive": True,
                "on_request": on_request,
            }
        )
    directory_services.replace_directory(
        actor=None, actor_label="演示数据", agency=agency, rows=rows, source="门头沟区潭柘寺镇政府信息主动公开全清单"
    )
    items = DirectoryItem.objects.filter(agency=agency)
    items.update(tracked_from=ADOPTED_ON)
    by_key = {(i.area, i.level1, i.level2): i for i in items}
    documents = list(Document.objects.filter(agency=agency, directory_item__isnull=True).values_list("pk", "title"))
    taken: set[int] = set()  # each document is filed under one item only, the first that names it
    for area, level1, level2, *_, keywords in ITEMS:
        chosen = [pk for pk, title in documents if pk not in taken and any(word in title for word in keywords)]
        taken.update(chosen)
        Document.objects.filter(pk__in=chosen).update(directory_item=by_key[(area, level1, level2)])
    return len(rows)
