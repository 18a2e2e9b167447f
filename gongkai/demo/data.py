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
