"""The demo world: Beijing's Mentougou district, the seed report's township and its neighbours."""

from __future__ import annotations

from gongkai.organizations.models import Role
from gongkai.statute.identifiers import make_uscc

DEMO_PASSWORD = "gongkai-demo"  # noqa: S105 — printed by `make run`; demo installations only

# (key, org-code body, name, short name, kind, level, parent key, OGI office and fee payment details)
# Fees are non-tax revenue paid to the district treasury's collection account (regulation.md §3);
# the account numbers are made up.
AGENCIES = [
    (
        "district",
        "00001307",
        "北京市门头沟区人民政府",
        "门头沟区政府",
        "government",
        "district",
        None,
        {
            "ogi_office_name": "北京市门头沟区人民政府办公室",
            "ogi_address": "北京市门头沟区新桥大街8号",
            "ogi_postcode": "102300",
            "ogi_office_hours": "工作日 上午9:00—12:00，下午13:30—17:30",
            "ogi_phone": "010-69842125",
            "ogi_email": "zwgk@bjmtg.gov.cn",
            "fee_payee": "北京市门头沟区财政局",
            "fee_bank": "北京农村商业银行门头沟支行",
            "fee_account": "0109 0000 0103 0026 188",
            "fee_instructions": "转账时请在附言中注明申请编号和申请人姓名；本机关收到款项后出具财政票据。",
        },
    ),
    (
        "tanzhesi",
        "40086612",
        "北京市门头沟区潭柘寺镇人民政府",
        "潭柘寺镇",
        "government",
        "township",
        "district",
        {
            "ogi_office_name": "潭柘寺镇党政办公室",
            "ogi_address": "北京市门头沟区潭柘寺镇鲁家滩村南",
            "ogi_postcode": "102309",
            "ogi_office_hours": "工作日 上午8:30—12:00，下午13:30—17:30",
            "ogi_phone": "010-60861026",
            "ogi_email": "tzszf@bjmtg.gov.cn",
            "fee_payee": "北京市门头沟区财政局",
            "fee_bank": "北京农村商业银行门头沟支行",
            "fee_account": "0109 0000 0103 0026 188",
            "fee_instructions": "转账时请在附言中注明申请编号和申请人姓名；本机关收到款项后出具财政票据。",
        },
    ),
    (
        "wangping",
        "40086701",
        "北京市门头沟区王平镇人民政府",
        "王平镇",
        "government",
        "township",
        "district",
        {
            "ogi_office_name": "王平镇党政办公室",
            "ogi_address": "北京市门头沟区王平镇王平村",
            "ogi_postcode": "102307",
            "ogi_office_hours": "工作日 上午8:30—12:00，下午13:30—17:30",
            "ogi_phone": "010-61855025",
            "ogi_email": "wpzzf@bjmtg.gov.cn",
            "fee_payee": "北京市门头沟区财政局",
            "fee_bank": "北京农村商业银行门头沟支行",
            "fee_account": "0109 0000 0103 0026 188",
            "fee_instructions": "转账时请在附言中注明申请编号和申请人姓名；本机关收到款项后出具财政票据。",
        },
    ),
    (
        "justice",
        "00001324",
        "北京市门头沟区司法局",
        "区司法局",
        "department",
        "district",
        "district",
        {
            "ogi_office_name": "北京市门头沟区司法局办公室",
            "ogi_address": "北京市门头沟区新桥南大街11号",
            "ogi_postcode": "102300",
            "ogi_office_hours": "工作日 上午9:00—12:00，下午13:30—17:30",
            "ogi_phone": "010-69861356",
            "ogi_email": "sfj@bjmtg.gov.cn",
            "fee_payee": "北京市门头沟区财政局",
            "fee_bank": "北京农村商业银行门头沟支行",
            "fee_account": "0109 0000 0103 0026 188",
            "fee_instructions": "转账时请在附言中注明申请编号和申请人姓名；本机关收到款项后出具财政票据。",
        },
    ),
]

# The 专栏's frame (organizations/site.py). The registration numbers are demo values, recognisable
# as such by their zeros: a real 网站标识码, ICP备案号 and 公安机关备案号 come from the agency's filings.
_RULES_TOWNSHIP = (
    "本镇政府信息公开工作由镇党政办公室统筹，各科室按照“谁制作、谁公开，谁保存、谁公开”的原则分工负责。",
    "一、发布审查制度：拟主动公开的政府信息，由起草科室提出公开属性意见，经科室负责人审核、"
    "党政办公室保密审查、分管领导签发后，自形成或者变更之日起20个工作日内公开。",
    "二、保密审查制度：公开前依照《中华人民共和国保守国家秘密法》和本镇保密审查办法逐件审查；"
    "不能确定是否可以公开的，报区保密行政管理部门确定。",
    "三、依申请公开办理制度：党政办公室统一受理、登记和答复政府信息公开申请，"
    "自收到申请之日起20个工作日内答复，答复文书加盖本镇印章。",
    "四、年度报告制度：每年1月31日前公布上一年度政府信息公开工作年度报告。",
    "五、监督考核制度：政府信息公开工作纳入各科室年度考核，对不依法履行公开义务的，依法追究责任。",
)
SITES = {
    "district": {
        "site_code": "1101090000",
        "icp_number": "京ICP备00000000号-1",
        "psb_number": "京公网安备 11010900000000号",
        "site_operator": "北京市门头沟区人民政府办公室",
        "site_email": "zwgk@bjmtg.gov.cn",
    },
    "tanzhesi": {
        "site_name": "潭柘寺镇政府信息公开专栏",
        "site_code": "1101090001",
        "icp_number": "京ICP备00000000号-2",
        "psb_number": "京公网安备 11010900000001号",
        "site_sponsor": "北京市门头沟区潭柘寺镇人民政府",
        "site_operator": "潭柘寺镇党政办公室",
        "site_address": "北京市门头沟区潭柘寺镇鲁家滩村南",
        "site_postcode": "102309",
        "site_phone": "010-60861026",
        "site_email": "tzszf@bjmtg.gov.cn",
        "ogi_rules": "\n".join(_RULES_TOWNSHIP),
    },
    "wangping": {
        "site_code": "1101090002",
        "icp_number": "京ICP备00000000号-3",
        "psb_number": "京公网安备 11010900000002号",
        "site_operator": "王平镇党政办公室",
    },
}

# (agency key, name, is the OGI office)
DEPARTMENTS = [
    ("district", "政务公开科", True),
    ("district", "秘书科", False),
    ("tanzhesi", "党政办公室", True),
    ("tanzhesi", "经济发展办公室", False),
    ("tanzhesi", "城乡建设办公室", False),
    ("tanzhesi", "社会事务办公室", False),
    ("tanzhesi", "平安建设办公室", False),
    ("tanzhesi", "综合行政执法队", False),
    ("wangping", "党政办公室", True),
    ("wangping", "社会事务办公室", False),
    ("justice", "办公室", True),
    ("justice", "行政复议与应诉科", False),
]

# (username, full name, agency key, role, department or None)
USERS = [
    ("tzs_clerk", "王静", "tanzhesi", Role.CLERK, "党政办公室"),
    ("tzs_head", "李建国", "tanzhesi", Role.OFFICE_HEAD, "党政办公室"),
    ("tzs_depthead", "高峰", "tanzhesi", Role.DEPARTMENT_HEAD, "社会事务办公室"),
    ("tzs_contributor", "张丽", "tanzhesi", Role.CONTRIBUTOR, "社会事务办公室"),
    ("tzs_reviewer", "赵敏", "tanzhesi", Role.REVIEWER, "党政办公室"),
    ("tzs_leader", "刘志强", "tanzhesi", Role.LEADER, None),
    ("tzs_admin", "陈晨", "tanzhesi", Role.ADMINISTRATOR, "党政办公室"),
    ("wp_clerk", "周婷", "wangping", Role.CLERK, "党政办公室"),
    ("wp_depthead", "郑凯", "wangping", Role.DEPARTMENT_HEAD, "社会事务办公室"),
    ("wp_reviewer", "冯雪", "wangping", Role.REVIEWER, "党政办公室"),
    ("wp_leader", "韩冰", "wangping", Role.LEADER, None),
    ("sfj_clerk", "吴涛", "justice", Role.CLERK, "办公室"),
    ("sfj_depthead", "蒋波", "justice", Role.DEPARTMENT_HEAD, "行政复议与应诉科"),
    ("sfj_reviewer", "沈洁", "justice", Role.REVIEWER, "办公室"),
    ("sfj_leader", "杨帆", "justice", Role.LEADER, None),
    ("mtg_supervisor", "孙磊", "district", Role.SUPERVISOR, "政务公开科"),
]


def agency_code(body: str) -> str:
    return make_uscc("110109", body)
