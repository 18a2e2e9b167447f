"""The seed township's proactive-disclosure catalogue: its 2020 items, a few recent ones, two in review.

The 2020 items predate Gongkai: they are imported as history from the township's earlier catalogue
(catalog.legacy), with 2020 索引号 and their own dates. Every later document goes through the real
services (draft → 科室审核 → 保密审查 → 签发 → 发布); the services stamp today's date, so the
historical 成文日期/发布日期 are set afterwards, as the catalogue tests do.
A few documents carry real attachments (a PDF printed by WeasyPrint, a .docx by python-docx), made
in memory and uploaded through catalog.attachments like any other. The neighbouring township and
the district's justice bureau get a small catalogue of their own, so the portal is not one agency.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import logging

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.organizations.models import Agency, Department
from gongkai.statute.catalog import format_index_number

from . import attachments, legacy, services
from .models import Document, Kind, Subject

D = dt.date
FIRST_DAY = D(2020, 1, 6)
OPINION = "经审查，不涉及国家秘密和工作秘密，可以主动公开"
# Historical documents are published today by the services and re-dated afterwards; the Art. 26
# lateness warning this raises for the two normative documents is acknowledged once, here.
HISTORICAL = "演示数据：补录2021年已公开文件"

# The 2020 catalogue: (item, subject, titles), 99 documents.
TWENTY_TWENTY: list[tuple[str, str, list[str]]] = [
    (
        "20-2",
        Subject.GENERAL,
        [
            "潭柘寺镇人民政府机构职能",
            "潭柘寺镇人民政府领导班子成员及分工",
            "潭柘寺镇各办公室办公地址、办公时间及联系方式",
        ],
    ),
    ("20-7", Subject.FINANCE, ["潭柘寺镇人民政府2020年部门预算", "潭柘寺镇人民政府2019年部门决算"]),
    (
        "20-6",
        Subject.MARKET,
        [
            "潭柘寺镇综合行政执法队行政处罚决定书（京门潭执罚字〔2020〕1号）",
            "潭柘寺镇综合行政执法队行政处罚决定书（京门潭执罚字〔2020〕4号）",
            "潭柘寺镇综合行政执法队行政处罚决定书（京门潭执罚字〔2020〕7号）",
            "潭柘寺镇综合行政执法队行政处罚决定书（京门潭执罚字〔2020〕12号）",
            "潭柘寺镇综合行政执法队行政处罚决定书（京门潭执罚字〔2020〕15号）",
            "潭柘寺镇综合行政执法队行政处罚决定书（京门潭执罚字〔2020〕21号）",
            "潭柘寺镇综合行政执法队行政处罚决定书（京门潭执罚字〔2020〕26号）",
            "潭柘寺镇综合行政执法队行政处罚权力清单及执法流程",
        ],
    ),
    (
        "21-township-3",
        Subject.AGRICULTURE,
        [
            "鲁家滩村农村土地承包经营权流转情况公示",
            "平原村农村土地承包经营权流转情况公示",
            "东村农村土地承包经营权流转情况公示",
            "南村农村土地承包经营权流转合同备案情况",
            "王坡村农村土地承包经营权流转情况公示",
            "潭柘寺镇2020年农村土地承包经营权流转情况汇总",
        ],
    ),
    (
        "21-township-4",
        Subject.LAND,
        [
            "潭柘寺镇农村宅基地使用审核办理指南",
            "2020年第一批农村宅基地使用审核结果公示",
            "2020年第二批农村宅基地使用审核结果公示",
            "2020年第三批农村宅基地使用审核结果公示",
            "2020年第四批农村宅基地使用审核结果公示",
            "2020年第五批农村宅基地使用审核结果公示",
            "2020年第六批农村宅基地使用审核结果公示",
            "潭柘寺镇农村宅基地翻建审核结果公示",
        ],
    ),
    (
        "21-township-8",
        Subject.CIVIL,
        [
            "潭柘寺镇城乡居民最低生活保障办理指南",
            "潭柘寺镇特困人员供养办理指南",
            "潭柘寺镇临时救助办理指南",
            "2020年1月城乡低保救助对象公示",
            "2020年2月城乡低保救助对象公示",
            "2020年3月城乡低保救助对象公示",
            "2020年第一季度临时救助情况公示",
            "2020年第二季度低保、特困救助对象公示",
            "2020年第二季度临时救助情况公示",
            "2020年第三季度低保、特困救助对象公示",
            "2020年第三季度临时救助情况公示",
            "2020年第四季度低保、特困救助对象公示",
        ],
    ),
    (
        "20-12",
        Subject.CIVIL,
        [
            "潭柘寺镇突发事件总体应急预案（2020年修订）",
            "潭柘寺镇防汛应急预案",
            "潭柘寺镇森林防火应急预案",
            "潭柘寺镇新冠肺炎疫情防控工作方案",
            "潭柘寺镇地质灾害防治应急预案",
            "潭柘寺镇冬季除雪铲冰应急预案",
        ],
    ),
    (
        "20-11",
        Subject.LABOUR,
        [
            "潭柘寺镇2020年春风行动招聘会岗位信息",
            "潭柘寺镇城乡居民基本养老保险政策问答",
            "潭柘寺镇低收入农户帮扶工作情况",
            "潭柘寺镇2020年公益性岗位招聘公告",
            "潭柘寺镇残疾人两项补贴办理指南",
        ],
    ),
    (
        "20-13",
        Subject.MARKET,
        [
            "潭柘寺镇2020年春节前安全生产大检查情况通报",
            "潭柘寺镇2020年第一季度安全生产检查情况",
            "潭柘寺镇2020年第二季度安全生产检查情况",
            "潭柘寺镇2020年第三季度安全生产检查情况",
            "潭柘寺镇2020年第四季度安全生产检查情况",
            "潭柘寺镇2020年生活垃圾分类检查情况通报",
        ],
    ),
    (
        "20-9",
        Subject.FINANCE,
        [
            "潭柘寺镇2020年政府集中采购项目目录",
            "潭柘寺镇村庄保洁服务采购项目结果公告",
            "潭柘寺镇办公设备采购项目结果公告",
        ],
    ),
    (
        "21-township-2",
        Subject.AGRICULTURE,
        [
            "潭柘寺镇2020年农田水利工程建设计划",
            "平原村灌溉机井改造工程建设情况",
            "潭柘寺镇小型农田水利设施管护情况",
            "潭柘寺镇2020年农田水利工程运营情况",
        ],
    ),
    (
        "21-township-1",
        Subject.AGRICULTURE,
        [
            "潭柘寺镇2020年耕地地力保护补贴发放情况",
            "潭柘寺镇贯彻落实乡村振兴战略实施方案",
            "潭柘寺镇2020年农业政策性保险工作方案",
            "潭柘寺镇京白梨产业发展扶持政策",
        ],
    ),
    (
        "20-15",
        Subject.GENERAL,
        [
            f"潭柘寺镇{topic}"
            for topic in (
                "召开2020年工作部署大会",
                "开展新冠肺炎疫情防控进村入户排查",
                "召开疫情防控工作推进会",
                "组织春季植树造林活动",
                "开展“清明节”森林防火专项检查",
                "推进复工复产企业服务工作",
                "开展人居环境整治“百日攻坚”行动",
                "召开防汛工作部署会",
                "开展汛前隐患排查",
                "组织“安全生产月”宣传咨询活动",
                "开展垃圾分类入户宣传",
                "召开接诉即办工作推进会",
                "开展第七次全国人口普查摸底工作",
                "完成第七次全国人口普查入户登记",
                "举办农民丰收节系列活动",
                "开展“背街小巷”环境整治",
                "召开民营企业座谈会",
                "开展秋冬季森林防火宣传",
                "组织消防安全培训演练",
                "开展冬季供暖安全检查",
                "召开党风廉政建设工作会",
                "开展“12·4”国家宪法日普法宣传",
                "开展老旧小区综合整治调研",
                "组织村级换届工作培训",
                "推进美丽乡村建设",
                "开展冬季清洁取暖“煤改电”回访",
                "召开年度政务公开工作会",
                "慰问困难群众和老党员",
                "召开2020年度村级财务公开专项检查会",
                "开展“双节”期间市场安全检查",
                "组织“七一”主题党日活动",
                "召开第三季度经济运行分析会",
            )
        ],
    ),
]

# The two 行政规范性文件 the seed report's narrative mentions are dated 2021, not 2020: the seed's own
# table 二 (一) says 0 规范性文件, and once an agency has rule/normative documents here the report
# builder takes those cells from the catalogue (reports.selectors.has_catalog), which would break
# the demo's cell-for-cell reproduction of the seed table.
NORMATIVE = [
    (
        "潭柘寺镇农村宅基地使用审核管理办法",
        "规范本镇农村村民宅基地申请、审核和批准程序。",
        Subject.LAND,
        "潭政发〔2021〕3号",
        D(2021, 4, 20),
        D(2021, 4, 23),
    ),
    (
        "潭柘寺镇临时救助实施办法",
        "明确临时救助的对象范围、救助标准和办理程序。",
        Subject.CIVIL,
        "潭政发〔2021〕9号",
        D(2021, 9, 8),
        D(2021, 9, 10),
    ),
]

# Recent items: (item, subject, title, written_on, published_on).
RECENT = [
    ("20-7", Subject.FINANCE, "潭柘寺镇人民政府2025年部门预算", D(2025, 2, 10), D(2025, 2, 14)),
    ("20-7", Subject.FINANCE, "潭柘寺镇人民政府2024年部门决算", D(2025, 8, 20), D(2025, 8, 26)),
    ("21-township-4", Subject.LAND, "2025年第一批农村宅基地使用审核结果公示", D(2025, 5, 6), D(2025, 5, 9)),
    ("20-12", Subject.CIVIL, "潭柘寺镇防汛应急预案（2025年修订）", D(2025, 5, 28), D(2025, 6, 3)),
    ("20-7", Subject.FINANCE, "潭柘寺镇人民政府2026年部门预算", D(2026, 2, 9), D(2026, 2, 13)),
    ("21-township-8", Subject.CIVIL, "2026年第一季度低保、特困救助对象公示", D(2026, 4, 8), D(2026, 4, 10)),
]


def _spread(i: int, n: int, *, days: int = 350) -> tuple[dt.date, dt.date]:
    """Written and published dates for the i-th of n documents, spread over 2020."""
    written = FIRST_DAY + dt.timedelta(days=(days * i) // max(n, 1))
    published = min(written + dt.timedelta(days=1 + i % 4), D(written.year, 12, 31))
    return written, published


def _body(title: str, signature: str = "北京市门头沟区潭柘寺镇人民政府") -> str:
    return f"<p>{title}</p><p>特此公告。</p><p>{signature}</p>"


# -- attachments -------------------------------------------------------------------------------

_PAGE_CSS = (
    "@page { size: A4; margin: 30mm 26mm; } "
    'body { font-family: "Noto Serif CJK SC", serif; font-size: 15pt; line-height: 1.8; } '
    "h1 { font-size: 20pt; text-align: center; } p { text-indent: 2em; margin: 0; } .sign { text-align: right; }"
)


def demo_pdf(title: str, paragraphs: list[str], signature: str) -> ContentFile:
    """A small real PDF of the document's text, as an agency would attach its signed original."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    text = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        f"<html><head><meta charset='utf-8'><style>{_PAGE_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{text}<p class='sign'>{html.escape(signature)}</p></body></html>"
    )
    return ContentFile(HTML(string=page).write_pdf(), name=f"{title}.pdf")


def demo_docx(title: str, paragraphs: list[str], signature: str) -> ContentFile:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    document.add_heading(title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph(signature).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return ContentFile(out.getvalue(), name=f"{title}.docx")


def _attach(actor, document: Document, *files: ContentFile) -> None:
    for file in files:
        attachments.attach_file(actor=actor, document=document, upload=file)


def twenty_twenty_table(agency: Agency) -> bytes:
    """The 2020 catalogue as the township's earlier website exported it (.csv), numbered in order of
    publication with 2020 索引号, as a real 2020 catalogue was."""
    entries = []
    for item, subject, titles in TWENTY_TWENTY:
        for i, title in enumerate(titles):
            written, published = _spread(i, len(titles))
            entries.append((published, written, title, item, Subject(subject).label))
    entries.sort(key=lambda e: (e[0], e[1]))
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["索引号", "标题", "发布机构", "成文日期", "发布日期", "主题分类", "公开事项", "正文"])
    for n, (published, written, title, item, subject) in enumerate(entries, start=1):
        number = format_index_number(agency.code, 2020, n)
        text = f"{title}\n特此公告。\n{agency.name}"
        writer.writerow(
            [number, title, agency.name, f"{written:%Y年%-m月%-d日}", f"{published:%Y/%-m/%-d}", subject, item, text]
        )
    return out.getvalue().encode("gb18030")  # as Excel on a Chinese Windows saves a .csv


def import_twenty_twenty(agency: Agency, office_head) -> int:
    """The seed township's 2020 documents were published before Gongkai: they come in as history
    through the legacy import (catalog.legacy), keeping 2020 索引号 and their own dates."""
    batch = legacy.import_file(
        actor=office_head,
        agency=agency,
        table=twenty_twenty_table(agency),
        table_name="潭柘寺镇2020年政府信息公开目录.csv",
    )
    return batch.document_count


@transaction.atomic
def load_demo_catalog(agency: Agency) -> int:
    """Create the demo catalogue once (nothing happens if the agency already has documents)."""
    if Document.objects.filter(agency=agency).exists():
        return 0
    User = get_user_model()
    people = {name: User.objects.get(username=f"tzs_{name}") for name in ("contributor", "depthead", "reviewer")}
    leader = User.objects.get(username="tzs_leader")
    department = Department.objects.get(agency=agency, name="社会事务办公室")

    def draft(title, item, subject, **fields):
        return services.draft_document(
            actor=people["contributor"],
            agency=agency,
            department=department,
            title=title,
            item=item,
            subject=subject,
            summary=fields.pop("summary", title),
            body=_body(title),
            **fields,
        )

    def to_signed(document):
        services.submit_document(actor=people["contributor"], document=document)
        services.approve_by_department(actor=people["depthead"], document=document)
        services.record_secrecy_review(actor=people["reviewer"], document=document, opinion=OPINION)
        return services.sign_off(actor=leader, document=document)

    def publish(document, written, published, **extra):
        to_signed(document)
        services.publish_document(actor=leader, document=document, override_reason=extra.pop("override", ""))
        Document.objects.filter(pk=document.pk).update(written_on=written, published_on=published, **extra)

    created = import_twenty_twenty(agency, User.objects.get(username="tzs_head"))

    signature = "北京市门头沟区潭柘寺镇人民政府"
    for title, summary, subject, number, written, published in NORMATIVE:
        policy = draft(title, "20-1", subject, summary=summary, kind=Kind.NORMATIVE, written_on=written)
        # The 发文字号 names 2021, so it is entered after drafting when the document is re-dated.
        reading = draft(f"《{title}》政策解读", "20-1", subject, summary=f"解读{title}。", interprets=policy)
        text = [summary, "第一条 为规范本镇相关工作，结合本镇实际，制定本办法。", "第二条 本办法自印发之日起施行。"]
        _attach(people["contributor"], policy, demo_pdf(title, text, signature))
        explained = demo_docx(f"《{title}》政策解读", [f"一、起草背景：{summary}"], signature)
        _attach(people["contributor"], reading, explained)
        to_signed(reading)
        to_signed(policy)
        services.publish_document(actor=leader, document=policy, override_reason=HISTORICAL)
        Document.objects.filter(pk=policy.pk).update(document_number=number, published_on=published)
        Document.objects.filter(pk=reading.pk).update(written_on=published, published_on=published)
        created += 2

    for item, subject, title, written, published in RECENT:
        document = draft(title, item, subject)
        if "部门预算" in title:
            text = [f"{title}已经区财政局批复，现予公开。", "一、部门基本情况", "二、收支预算总体情况"]
            _attach(
                people["contributor"],
                document,
                demo_pdf(title, text, signature),
                demo_docx(f"{title}（表格说明）", text[1:], signature),
            )
        publish(document, written, published)
        created += 1

    # Work in review, so the staff queues are not empty: one for the department head, one for the
    # secrecy reviewer…
    waiting = draft("潭柘寺镇2026年城乡居民最低生活保障标准调整公告", "21-township-8", Subject.CIVIL)
    services.submit_document(actor=people["contributor"], document=waiting)
    review = draft("潭柘寺镇2026年第一批农村宅基地使用审核结果公示", "21-township-4", Subject.LAND)
    services.submit_document(actor=people["contributor"], document=review)
    services.approve_by_department(actor=people["depthead"], document=review)
    # …and one for each of the other roles: the leader signs, the office publishes, the author corrects.
    to_sign = draft("潭柘寺镇2026年冬季除雪铲冰应急预案", "20-12", Subject.CIVIL)
    services.submit_document(actor=people["contributor"], document=to_sign)
    services.approve_by_department(actor=people["depthead"], document=to_sign)
    services.record_secrecy_review(actor=people["reviewer"], document=to_sign, opinion=OPINION)
    to_publish = draft("潭柘寺镇2026年第四季度安全生产检查情况", "20-13", Subject.MARKET)
    to_signed(to_publish)
    returned = draft("潭柘寺镇2026年临时救助情况公示", "21-township-8", Subject.CIVIL)
    services.submit_document(actor=people["contributor"], document=returned)
    services.reject_document(actor=people["depthead"], document=returned, reason="请补充救助金额合计，并核对公示期限")
    return created + 5


# -- the neighbours ------------------------------------------------------------------------------

# agency name → (user prefix, 发文字号 prefix, normative document, other items)
# normative: (title, summary, subject, number, written_on, published_on)
# others: (item, subject, title, written_on, published_on)
NEIGHBOURS = {
    "北京市门头沟区王平镇人民政府": (
        "wp",
        (
            "王平镇村级公益事业专项补助资金管理办法",
            "规范村级公益事业专项补助资金的申请、使用和监督。",
            Subject.FINANCE,
            "王政发〔2025〕2号",
            D(2025, 3, 12),
            D(2025, 3, 18),
        ),
        [
            ("20-2", Subject.GENERAL, "王平镇人民政府机构职能", D(2025, 1, 6), D(2025, 1, 8)),
            ("20-2", Subject.GENERAL, "王平镇人民政府领导班子成员及分工", D(2025, 1, 6), D(2025, 1, 8)),
            ("20-7", Subject.FINANCE, "王平镇人民政府2025年部门预算", D(2025, 2, 10), D(2025, 2, 14)),
            ("20-7", Subject.FINANCE, "王平镇人民政府2024年部门决算", D(2025, 8, 18), D(2025, 8, 22)),
            ("20-12", Subject.CIVIL, "王平镇防汛应急预案（2025年修订）", D(2025, 5, 26), D(2025, 5, 30)),
            ("20-12", Subject.CIVIL, "王平镇森林防火应急预案", D(2025, 10, 20), D(2025, 10, 24)),
            ("21-township-8", Subject.CIVIL, "2025年第三季度低保、特困救助对象公示", D(2025, 10, 9), D(2025, 10, 13)),
            ("21-township-4", Subject.LAND, "2025年王平镇农村宅基地使用审核结果公示", D(2025, 6, 3), D(2025, 6, 6)),
            ("20-13", Subject.MARKET, "王平镇2025年第二季度安全生产检查情况", D(2025, 7, 7), D(2025, 7, 10)),
            ("20-7", Subject.FINANCE, "王平镇人民政府2026年部门预算", D(2026, 2, 9), D(2026, 2, 13)),
        ],
    ),
    "北京市门头沟区司法局": (
        "sfj",
        (
            "门头沟区行政执法公示实施办法",
            "规范全区行政执法事前、事中、事后公示工作。",
            Subject.SECURITY,
            "门司发〔2025〕5号",
            D(2025, 4, 14),
            D(2025, 4, 21),
        ),
        [
            ("20-2", Subject.SECURITY, "北京市门头沟区司法局机构职能", D(2025, 1, 6), D(2025, 1, 9)),
            ("20-2", Subject.SECURITY, "北京市门头沟区司法局领导信息", D(2025, 1, 6), D(2025, 1, 9)),
            ("20-7", Subject.FINANCE, "北京市门头沟区司法局2025年部门预算", D(2025, 2, 10), D(2025, 2, 14)),
            ("20-7", Subject.FINANCE, "北京市门头沟区司法局2024年部门决算", D(2025, 8, 18), D(2025, 8, 22)),
            ("20-5", Subject.SECURITY, "法律援助申请办理指南", D(2025, 3, 3), D(2025, 3, 5)),
            ("20-5", Subject.SECURITY, "人民调解员等级评定办理指南", D(2025, 3, 3), D(2025, 3, 5)),
            ("20-6", Subject.SECURITY, "北京市门头沟区司法局行政处罚权力清单", D(2025, 5, 8), D(2025, 5, 12)),
            ("20-15", Subject.SECURITY, "2025年度门头沟区行政复议工作情况", D(2026, 1, 20), D(2026, 1, 23)),
            ("20-15", Subject.SECURITY, "门头沟区“八五”普法中期工作情况通报", D(2025, 9, 15), D(2025, 9, 18)),
            ("20-7", Subject.FINANCE, "北京市门头沟区司法局2026年部门预算", D(2026, 2, 9), D(2026, 2, 13)),
        ],
    ),
}


@transaction.atomic
def load_demo_neighbour_catalog(agency: Agency) -> int:
    """A small public catalogue for another demo agency, once: a 规范性文件 with its 政策解读, and items."""
    if agency.name not in NEIGHBOURS or Document.objects.filter(agency=agency).exists():
        return 0
    prefix, normative, items = NEIGHBOURS[agency.name]
    User = get_user_model()
    clerk, depthead, reviewer, leader = (
        User.objects.get(username=f"{prefix}_{role}") for role in ("clerk", "depthead", "reviewer", "leader")
    )

    def draft(title, item, subject, **fields):
        return services.draft_document(
            actor=clerk,
            agency=agency,
            title=title,
            item=item,
            subject=subject,
            summary=fields.pop("summary", title),
            body=_body(title, agency.name),
            **fields,
        )

    def to_signed(document):
        services.submit_document(actor=clerk, document=document)
        services.approve_by_department(actor=depthead, document=document)
        services.record_secrecy_review(actor=reviewer, document=document, opinion=OPINION)
        return services.sign_off(actor=leader, document=document)

    title, summary, subject, number, written, published = normative
    policy = draft(title, "20-1", subject, summary=summary, kind=Kind.NORMATIVE, written_on=written)
    reading = draft(f"《{title}》政策解读", "20-1", subject, summary=f"解读{title}。", interprets=policy)
    text = [summary, "第一条 为规范相关工作，制定本办法。", "第二条 本办法自印发之日起施行。"]
    _attach(clerk, policy, demo_pdf(title, text, agency.name))
    _attach(clerk, reading, demo_docx(f"《{title}》政策解读", [f"一、起草背景：{summary}"], agency.name))
    to_signed(reading)
    to_signed(policy)
    services.publish_document(actor=clerk, document=policy, override_reason=HISTORICAL)
    Document.objects.filter(pk=policy.pk).update(document_number=number, published_on=published)
    Document.objects.filter(pk=reading.pk).update(written_on=published, published_on=published)

    for item, subject, title, written, published in items:
        document = draft(title, item, subject)
        to_signed(document)
        services.publish_document(actor=clerk, document=document)
        Document.objects.filter(pk=document.pk).update(written_on=written, published_on=published)
    return len(items) + 2
