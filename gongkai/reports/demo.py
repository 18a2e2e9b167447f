"""Demo reports for the seed township: its real 2020 report (2019 trial format), 2024 published,
2025 in draft (2021 format)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from gongkai.organizations.models import Agency

from . import services
from .models import AnnualReport

# Table 二 of shared/seed (the 潭柘寺镇 2020 report), cell by cell, including its local rows.
SEED_2020_ENTERED = {
    "rules": {"made": 0, "published": 0, "total_public": 0},
    "normative_documents": {"made": 0, "published": 0, "total_public": 0},
    "licensing": {"previous_items": 0, "change": 0, "decisions": 0},
    "other_services": None,
    "extra_rows": [
        {
            "block": "(五)",
            "label": "行政检查",
            "parent": "其他对外管理服务事项",
            "cells": {"previous_items": 0, "change": 0, "decisions": 0},
        },
        {
            "block": "(五)",
            "label": "行政确认",
            "parent": "其他对外管理服务事项",
            "cells": {"previous_items": 0, "change": 0, "decisions": 0},
        },
    ],
    "penalty": {"previous_items": 6, "change": 408, "decisions": 118},
    "enforcement": {"previous_items": 0, "change": 23, "decisions": 0},
    "fees": {"previous_items": 0, "change": 0},
    "procurement": {"projects": 31, "amount_wan": "4176.9529"},
}
SEED_2020_SOURCES = {
    "penalty": "镇综合行政执法队执法办案平台统计",
    "procurement": "镇财政所政府采购台账",
}
SEED_2020_SECTIONS = {
    "一": (
        "我镇高度重视并认真贯彻落实《条例》要求，加强组织领导，对照《门头沟区潭柘寺镇政府信息主动公开全清单》，"
        "迅速定制度、明职责、严落实，加大信息公开力度，规范信息公开流程，做好重点领域信息公开工作。\n"
        "1.主动公开情况：2020年主动公开政府信息数99件。主动公开规范性文件2件。重点领域公开政府信息数0条。"
        "其中，主动公开财政预算决算数2条。\n"
        "2.依申请公开办理情况：在公开指南中明确公开依申请公开的申请方式（包括申请渠道、地址、电话、邮箱等）、"
        "答复时限和注意事项，开通网页依申请公开渠道。2020年度我镇无依申请公开事项。\n"
        "3.政府信息资源的规范化、标准化管理情况：充分利用首都之窗、门户网站和村级的公开公示栏，以公开为原则，"
        "不公开为例外。\n"
        "4.政府信息公开平台建设情况：建立层层把关的信息发布审核机制，严把信息发布审核关，防止错别字、错误链接等情况的发生。\n"
        "5.政府信息公开监督保障及教育培训情况：每季度对首都之窗及门户网站建设开展自查；我镇政府信息公开工作专门机构为办公室。"
    ),
    "二": "",
    "三": "",
    "四": "",
    "五": (
        "1、政府信息公开深度不够、形式单一。接下来，我镇将在时效性上着力，将图片、表格、短视频等加入到公开内容中。\n"
        "2、缺乏相应的信息反馈渠道。下一步，我镇将加强综合办公室与具体科室的沟通，扩大信息来源。"
    ),
    "六": "2021年，我镇将继续严格落实《条例》要求。本年度未收取信息处理费。",
}


def load_demo_reports(agency: Agency) -> int:
    if AnnualReport.objects.filter(agency=agency).exists():
        return 0
    User = get_user_model()
    clerk, head = User.objects.get(username="tzs_clerk"), User.objects.get(username="tzs_head")

    seed = services.start_report(actor=clerk, agency=agency, year=2020)
    services.save_report(
        actor=clerk, report=seed, entered=SEED_2020_ENTERED, sources=SEED_2020_SOURCES, sections=SEED_2020_SECTIONS
    )
    services.publish_report(actor=head, report=seed, published_on=dt.date(2021, 1, 29))

    entered_2021 = {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 1, "repealed": 0, "in_force": 3},
        "licensing": {"decisions": 0},
        "penalty": {"decisions": 126},
        "enforcement": {"decisions": 2},
        "fees": {"amount_wan": "0"},
    }
    for year, published in ((2024, dt.date(2025, 1, 24)), (2025, None)):
        report = services.start_report(actor=clerk, agency=agency, year=year)
        services.save_report(
            actor=clerk, report=report, entered=entered_2021, sources={"penalty": "镇综合行政执法队执法办案平台统计"}
        )
        if published:
            services.publish_report(actor=head, report=report, published_on=published)
    return AnnualReport.objects.filter(agency=agency).count()
