"""The case register (登记簿): `gongkai cases import|export`, the service behind it, and the staff page."""

import datetime as dt
import io
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import include, path, reverse

from config import urls as project_urls
from gongkai.cases import services as s
from gongkai.cases.models import Applicant, Case, Deadline, Reply, Status
from gongkai.cases.services import clock
from gongkai.cases.services.register import (
    HEADERS,
    IMPORT_MARK,
    RegisterError,
    check_register,
    export_register,
    import_register,
    read_register,
)
from gongkai.cases.tests.factories import register
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import MembershipFactory, UserFactory
from gongkai.statute.identifiers import make_uscc
from gongkai.statute.outcomes import BY_KEY

# The lead mounts the register pages inside the cases URLs; the tests mount them beside the
# project's URLs (which base.html links to), plain and under a namespace.
urlpatterns = [
    path("register-test/", include("gongkai.cases.urls_register")),
    path("namespaced/", include(("gongkai.cases.urls_register", "regtest"))),
    *project_urls.urlpatterns,
]
if not any(getattr(p, "namespace", None) == "cases" for p in project_urls.urlpatterns):
    urlpatterns.append(path("cases/", include("gongkai.cases.urls")))  # base.html links to cases:list

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
D = dt.date

# The register the automated contract check imports.
EXAMPLE = [
    ["A-1", "自然人", "张三", "2023-12-20", "2024-01-10", "予以公开"],
    ["A-2", "法律服务机构", "某律师事务所", "2024-03-04", "2024-03-28", "部分公开"],
    ["A-3", "商业企业", "某公司", "2024-06-11", "2024-07-02", "本机关不掌握相关政府信息"],
    ["A-4", "自然人", "李四", "2024-12-26", "", ""],
    ["A-5", "自然人", "王五", "2024-08-01", "2024-08-30", "逾期不补正"],
]
# The export lists cases in order of receipt.
EXPORTED = sorted(EXAMPLE, key=lambda row: row[3])


def csv_bytes(rows, header=HEADERS, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows, header=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def import_file(tmp_path, agency, data, name="reg.csv", **kwargs):
    file = tmp_path / name
    file.write_bytes(data)
    call_command("cases", "import", str(file), "--agency", agency.code, **kwargs)


def failed_import(tmp_path, agency, data, name="reg.csv"):
    """Import a bad file; return (the error, the stderr lines) after checking nothing was written."""
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        import_file(tmp_path, agency, data, name, stderr=err)
    assert info.value.returncode != 0
    assert snapshot() == before
    return info.value, err.getvalue().splitlines()


def snapshot():
    return (
        sorted(Case.objects.values_list("number", "applicant_name", "status", "outcome", "replied_on")),
        Reply.objects.count(),
        Applicant.objects.count(),
        Deadline.objects.count(),
        AuditEvent.objects.filter(code="cases.imported").count(),
    )


def register_of(agency, year):
    return xlsx_rows(export_register(agency=agency, year=year))


# -- the contract example ------------------------------------------------------------------


def test_contract_example_imports_five_cases(tmp_path, agency_a, capsys):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    assert capsys.readouterr().out == "已导入 5 件（新增 5，更新 0）；未变 0 件（其中本系统办理 0 件）\n"

    cases = {c.number: c for c in Case.objects.filter(agency=agency_a)}
    assert sorted(cases) == ["A-1", "A-2", "A-3", "A-4", "A-5"]
    a1, a4, a5 = cases["A-1"], cases["A-4"], cases["A-5"]
    assert (a1.channel, a1.seq, a1.year, a1.applicant_kind, a1.applicant_name) == (
        "imported",
        None,
        2023,
        "natural_person",
        "张三",
    )
    assert (a1.received_on, a1.clock_started_on, a1.description) == (D(2023, 12, 20), D(2023, 12, 20), IMPORT_MARK)
    assert (a1.status, a1.outcome, a1.replied_on) == (Status.CLOSED, "granted", D(2024, 1, 10))
    assert a1.closed_at is not None and a1.due_on > a1.received_on
    assert cases["A-2"].applicant_kind == "legal_service" and cases["A-2"].outcome == "partial"
    assert cases["A-3"].applicant_kind == "commercial" and cases["A-3"].outcome == "unavailable_not_held"
    assert a5.outcome == "other_no_correction"
    assert (a4.status, a4.outcome, a4.replied_on, a4.closed_at) == (Status.REGISTERED, "", None, None)
    assert not Reply.objects.filter(case=a4).exists()

    reply = Reply.objects.get(case=cases["A-2"])
    assert (reply.outcome, reply.replied_on, reply.body) == ("partial", D(2024, 3, 28), IMPORT_MARK)
    assert reply.legal_basis == BY_KEY["partial"].basis
    assert Applicant.objects.filter(case__agency=agency_a, id_number="", phone="").count() == 5

    event = AuditEvent.objects.get(code="cases.imported")
    assert event.agency == agency_a and event.actor_label == "命令行"
    assert event.data == {
        "rows": 5,
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "unchanged_in_system": 0,
        "source": "reg.csv",
    }
    assert event.summary == "导入登记簿“reg.csv”：5 件，新增 5，更新 0，未变 0（其中本系统办理 0）"


def test_imported_due_dates_are_what_the_clock_computes(tmp_path, agency_a):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    a2 = Case.objects.get(number="A-2")
    assert a2.due_on == D(2024, 4, 1) and not a2.due_provisional  # 20 WD after Monday 03-04, no holiday
    ledger = Deadline.objects.filter(case__agency=agency_a)
    assert ledger.count() == 5 and set(ledger.values_list("kind", flat=True)) == {Deadline.Kind.REPLY}
    assert ledger.get(case=a2).met_on == D(2024, 3, 28) and ledger.get(case__number="A-4").met_on is None
    for case in Case.objects.filter(agency=agency_a):
        due = (case.due_on, case.due_provisional)
        clock.recompute_reply_due(case)  # the full recompute agrees and keeps the ledger row
        assert (case.due_on, case.due_provisional) == due
    assert ledger.count() == 5


def test_unloaded_calendar_year_gives_a_provisional_due_date(tmp_path, agency_a):
    from gongkai.deadlines.models import CalendarYear

    CalendarYear.objects.filter(year=2024).delete()
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    a2 = Case.objects.get(number="A-2")
    assert a2.due_provisional and "2024年节假日安排未录入：已按《全国年节及纪念日放假办法》" in a2.due_explanation


# -- inputs --------------------------------------------------------------------------------

SECURITY = ["B-1", "社会公益组织", "某基金会", "2024-05-06", "2024-05-20", "危及“三安全一稳定”"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", csv_bytes([*EXAMPLE, SECURITY])),
        ("bom.csv", b"\xef\xbb\xbf" + csv_bytes([*EXAMPLE, SECURITY])),
        ("gbk.csv", csv_bytes([*EXAMPLE, SECURITY], encoding="gbk")),
        ("gb18030.csv", csv_bytes([*EXAMPLE, SECURITY], encoding="gb18030")),
        ("crlf.csv", csv_bytes([*EXAMPLE, SECURITY]).replace(b"\n", b"\r\n")),
        ("text.xlsx", xlsx_bytes([*EXAMPLE, SECURITY])),
        (
            "dates.xlsx",
            xlsx_bytes(
                [
                    [r[0], r[1], r[2], D.fromisoformat(r[3]), D.fromisoformat(r[4]) if r[4] else None, r[5] or None]
                    for r in [*EXAMPLE, SECURITY]
                ]
            ),
        ),
    ],
)
def test_every_encoding_and_format_reads_the_same(name, data):
    rows = read_register(data, name)
    assert [(r.row, r.number, r.applicant_kind, r.received_on, r.replied_on, r.outcome) for r in rows] == [
        (2, "A-1", "natural_person", D(2023, 12, 20), D(2024, 1, 10), "granted"),
        (3, "A-2", "legal_service", D(2024, 3, 4), D(2024, 3, 28), "partial"),
        (4, "A-3", "commercial", D(2024, 6, 11), D(2024, 7, 2), "unavailable_not_held"),
        (5, "A-4", "natural_person", D(2024, 12, 26), None, ""),
        (6, "A-5", "natural_person", D(2024, 8, 1), D(2024, 8, 30), "other_no_correction"),
        (7, "B-1", "public_interest", D(2024, 5, 6), D(2024, 5, 20), "withheld_security_stability"),
    ]
    assert rows[1].applicant_name == "某律师事务所"


def test_xlsx_datetime_cells_and_number_cells(tmp_path, agency_a):
    data = xlsx_bytes([[2024001, "自然人", "张三", dt.datetime(2024, 3, 4), dt.datetime(2024, 3, 8, 0, 0), "予以公开"]])
    import_file(tmp_path, agency_a, data, "reg.xlsx")
    case = Case.objects.get()
    assert (case.number, case.received_on, case.replied_on) == ("2024001", D(2024, 3, 4), D(2024, 3, 8))


@pytest.mark.parametrize(
    "label", ['危及"三安全一稳定"', "危及「三安全一稳定」", "危及“三安全一稳定”", "危及『三安全一稳定』"]
)
def test_quote_variants_of_the_security_outcome(label):
    row = ["B-1", "自然人", "张三", "2024-05-06", "2024-05-20", label]
    data = (
        '受理编号,申请人类型,申请人,收到日期,答复日期,办理结果\nB-1,自然人,张三,2024-05-06,2024-05-20,"{}"\n'
    ).format(label.replace('"', '""'))
    assert read_register(data.encode(), "r.csv")[0].outcome == "withheld_security_stability"
    assert read_register(xlsx_bytes([row]), "r.xlsx")[0].outcome == "withheld_security_stability"


def test_headers_in_any_order_with_surrounding_spaces():
    header = [" 办理结果", "申请人 ", "\u3000受理编号", "收到日期", "答复日期", "申请人类型"]
    rows = read_register(
        csv_bytes([["予以公开", "张三", "A-1", "2024-01-02", "2024-01-05", "自然人"]], header), "r.csv"
    )
    assert [(r.number, r.applicant_name, r.applicant_kind, r.outcome) for r in rows] == [
        ("A-1", "张三", "natural_person", "granted")
    ]


def test_blank_rows_are_skipped_but_still_numbered():
    text = "\n".join([",".join(HEADERS), ",".join(EXAMPLE[0]), "", ",,,,,", " , ,\u3000,,,", ",".join(EXAMPLE[1][:3])])
    with pytest.raises(RegisterError) as info:
        read_register(text.encode(), "r.csv")
    assert [str(e) for e in info.value.row_errors] == ["第6行：收到日期为空"]
    assert [r.number for r in info.value.rows] == ["A-1"]


def test_tab_separated_utf16_text_from_excel():
    text = "\t".join(HEADERS) + "\r\n" + "\t".join(EXAMPLE[0]) + "\r\n"
    assert read_register(text.encode("utf-16"), "reg.txt")[0].number == "A-1"


# -- bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["受理编号", "申请人类型", "申请人", "收到日期", "答复日期"], "缺少列 “办理结果”"),
        ([*HEADERS, "备注"], "多出列 “备注”"),
        (["编号", "申请人类型", "申请人", "收到日期", "答复日期", "办理结果"], "缺少列 “受理编号”；多出列 “编号”"),
        ([*HEADERS[:5], "申请人"], "缺少列 “办理结果”；重复的列 “申请人”"),
    ],
)
def test_wrong_headers_are_refused_naming_the_columns(tmp_path, agency_a, header, expected):
    error, lines = failed_import(tmp_path, agency_a, csv_bytes([EXAMPLE[0][: len(header)]], header=header))
    assert str(error).startswith("表头不正确：" + expected)
    assert "受理编号、申请人类型、申请人、收到日期、答复日期、办理结果" in str(error)
    assert lines == []


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.csv", b"", "文件是空的"),
        ("header-only.csv", csv_bytes([]), "没有数据"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        ("broken.xlsx", b"not a zip at all", "无法作为 Excel"),
        ("zip.xlsx", b"PK\x03\x04garbage", "无法作为 Excel"),
        ("binary.csv", bytes(range(256)) * 4, "无法"),
        ("reg.pdf", b"%PDF-1.7", "不支持的文件类型"),
        ("mojibake.csv", "受理编号,申请人类型".encode("big5", "ignore") + b"\n", "表头"),
    ],
)
def test_unreadable_files_give_a_clear_message(tmp_path, agency_a, name, data, expected):
    error, _ = failed_import(tmp_path, agency_a, data, name)
    assert expected in str(error)


def test_unknown_agency_and_missing_file(tmp_path, agency_a):
    with pytest.raises(CommandError, match="不存在") as info:
        import_file(tmp_path, SimpleNamespace(code=make_uscc("110109", "87654321")), csv_bytes(EXAMPLE))
    assert info.value.returncode != 0
    with pytest.raises(CommandError, match=r"文件 .* 不存在"):
        call_command("cases", "import", str(tmp_path / "missing.csv"), "--agency", agency_a.code)
    assert Case.objects.count() == 0


BAD_ROWS = [
    (["", "自然人", "张三", "2024-01-02", "", ""], "受理编号为空"),
    (["X-2", "个人", "张三", "2024-01-02", "", ""], "申请人类型“个人”无效"),
    (["X-3", "", "张三", "2024-01-02", "", ""], "申请人类型为空"),
    (["X-4", "自然人", "", "2024-01-02", "", ""], "申请人为空"),
    (["X-5", "自然人", "张三", "", "", ""], "收到日期为空"),
    (["X-6", "自然人", "张三", "2024/01/02", "", ""], "收到日期“2024/01/02”格式不对"),
    (["X-7", "自然人", "张三", "2024-1-2", "", ""], "格式不对"),
    (["X-8", "自然人", "张三", "2024-02-30", "", ""], "收到日期“2024-02-30”不是有效日期"),
    (["X-9", "自然人", "张三", "2024-01-02", "2024-01-09", ""], "有答复日期但办理结果为空"),
    (["X-10", "自然人", "张三", "2024-01-02", "", "予以公开"], "有办理结果但答复日期为空"),
    (["X-11", "自然人", "张三", "2024-01-09", "2024-01-02", "予以公开"], "答复日期 2024-01-02 早于收到日期 2024-01-09"),
    (["X-12", "自然人", "张三", "2024-01-02", "2024-01-09", "同意公开"], "办理结果“同意公开”不是"),
    (["X-13", "自然人", "张三", "2099-01-02", "", ""], "晚于今天"),
    (["X-14", "自然人", "张三", "2024-01-02", "2024-01-09", "予以公开", "多余"], "第 G 列有内容"),
]


@pytest.mark.parametrize(("row", "expected"), BAD_ROWS)
def test_each_kind_of_bad_row(tmp_path, agency_a, row, expected):
    _, lines = failed_import(tmp_path, agency_a, csv_bytes([EXAMPLE[0], row]))
    assert len(lines) == 1 and lines[0].startswith("第3行：") and expected in lines[0]


def test_every_bad_row_is_listed_and_nothing_is_imported(tmp_path, agency_a):
    rows = [EXAMPLE[0]] + [row for row, _ in BAD_ROWS] + [EXAMPLE[1], ["A-1", "自然人", "张三", "2024-01-02", "", ""]]
    error, lines = failed_import(tmp_path, agency_a, csv_bytes(rows))
    bad = [3 + i for i in range(len(BAD_ROWS))]
    assert [int(line.split("行")[0].removeprefix("第")) for line in lines] == [2, *bad, len(rows) + 1]
    assert lines[0] == "第2行：受理编号“A-1”在本文件中重复出现（第2、18行）"
    assert str(error) == f"登记簿中有 {len(bad) + 2} 行有误，未导入任何数据"
    for (_, expected), line in zip(BAD_ROWS, lines[1:], strict=False):
        assert expected in line


def test_one_line_per_bad_row_with_every_reason(tmp_path, agency_a):
    _, lines = failed_import(tmp_path, agency_a, csv_bytes([["A-1", "个人", "", "2024/1/2", "2024-01-05", ""]]))
    assert len(lines) == 1
    for reason in ("申请人类型“个人”无效", "申请人为空", "收到日期“2024/1/2”格式不对", "有答复日期但办理结果为空"):
        assert reason in lines[0]


def test_bad_xlsx_rows_use_spreadsheet_row_numbers(tmp_path, agency_a):
    rows = [EXAMPLE[0], [None] * 6, [None] * 6, ["A-9", "自然人", None, D(2024, 3, 4), None, None], EXAMPLE[1]]
    _, lines = failed_import(tmp_path, agency_a, xlsx_bytes(rows), "reg.xlsx")
    assert lines == ["第5行：申请人为空"]


# -- re-import and conflicts ---------------------------------------------------------------


def test_reimport_updates_imported_cases_in_place(tmp_path, agency_a, capsys):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    a4 = Case.objects.get(number="A-4")
    untouched = sorted(Case.objects.filter(number__in=["A-2", "A-3"]).values_list("number", "updated_at"))
    updated = [list(r) for r in EXAMPLE]
    updated[0] = ["A-1", "自然人", "张三丰", "2023-12-20", "", ""]  # reopened
    updated[3] = ["A-4", "自然人", "李四", "2024-12-26", "2025-01-20", "属于国家秘密"]  # replied since
    updated[4] = ["A-5", "科研机构", "王五", "2024-08-05", "2024-08-30", "逾期不补正"]  # corrected receipt
    updated.append(["A-6", "其他", "赵六", "2025-02-03", "", ""])
    import_file(tmp_path, agency_a, csv_bytes(updated))
    # are as imported before: unchanged, not updated.
    assert capsys.readouterr().out.splitlines()[-1] == "已导入 4 件（新增 1，更新 3）；未变 2 件（其中本系统办理 0 件）"

    a1, a4_after, a5 = (Case.objects.get(number=n) for n in ("A-1", "A-4", "A-5"))
    assert a4_after.pk == a4.pk and Case.objects.count() == 6
    assert (a1.applicant_name, a1.status, a1.outcome, a1.replied_on) == ("张三丰", Status.REGISTERED, "", None)
    assert not Reply.objects.filter(case=a1).exists()
    assert (a4_after.status, a4_after.outcome, a4_after.replied_on) == (
        Status.CLOSED,
        "withheld_state_secret",
        D(2025, 1, 20),
    )
    assert a4_after.reply.legal_basis == BY_KEY["withheld_state_secret"].basis
    assert a4_after.deadlines.get(superseded=False).met_on == D(2025, 1, 20)
    assert a1.deadlines.get(superseded=False).met_on is None
    assert (a5.applicant_kind, a5.received_on, a5.clock_started_on) == ("research", D(2024, 8, 5), D(2024, 8, 5))
    current = a5.deadlines.get(superseded=False)
    assert current.start_on == D(2024, 8, 5) and current.due_on == a5.due_on and current.met_on == D(2024, 8, 30)
    assert AuditEvent.objects.filter(code="cases.imported").count() == 2
    assert sorted(Case.objects.filter(number__in=["A-2", "A-3"]).values_list("number", "updated_at")) == untouched
    data = AuditEvent.objects.filter(code="cases.imported").latest("at").data
    assert (data["rows"], data["created"], data["updated"], data["unchanged"]) == (6, 1, 3, 2)


def test_reimporting_the_same_file_changes_nothing(tmp_path, agency_a, capsys):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    before = snapshot()[:4], list(Case.objects.values_list("updated_at", flat=True))
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    assert (snapshot()[:4], list(Case.objects.values_list("updated_at", flat=True))) == before
    assert capsys.readouterr().out.splitlines()[-1] == "已导入 0 件（新增 0，更新 0）；未变 5 件（其中本系统办理 0 件）"


def test_a_case_registered_in_gongkai_is_never_overwritten(tmp_path, agency_a):
    own = register(agency_a).case
    rows = [*EXAMPLE, [own.number, "商业企业", "冒名", "2024-01-02", "2024-01-09", "予以公开"]]
    _, lines = failed_import(tmp_path, agency_a, csv_bytes(rows))
    assert lines == [
        f"第7行：受理编号“{own.number}”是在本系统中办理的申请，登记簿中的申请人类型“商业企业”与系统记录“自然人”不同，"
        "申请人“冒名”与系统记录“张三”不同，收到日期 2024-01-02 与系统记录 2024-09-27 不同，"
        "答复日期 2024-01-09 与系统记录（空）不同，办理结果“予以公开”与系统记录（空）不同，不能用登记簿修改"
    ]
    own.refresh_from_db()
    assert (own.applicant_name, own.status) == ("张三", Status.REGISTERED)


def test_a_reply_issued_in_gongkai_is_not_overwritten(tmp_path, agency_a, clerk_a, capsys):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    a4 = Case.objects.get(number="A-4")
    s.issue_reply(actor=clerk_a, case=a4, outcome="granted", body="予以公开。", on=D(2025, 1, 6))
    _, lines = failed_import(tmp_path, agency_a, csv_bytes(EXAMPLE))  # the register still says open
    assert lines == [
        "第5行：受理编号“A-4”是在本系统中办理的申请，登记簿中的答复日期（空）与系统记录 2025-01-06 不同，"
        "办理结果（空）与系统记录“予以公开”不同，不能用登记簿修改"
    ]
    # Answered in Gongkai, the case is the system's now: not even its name may change by register.
    renamed = [*EXAMPLE[:3], ["A-4", "自然人", "李肆", "2024-12-26", "2025-01-06", "予以公开"], EXAMPLE[4]]
    _, lines = failed_import(tmp_path, agency_a, csv_bytes(renamed))
    assert lines == [
        "第5行：受理编号“A-4”是在本系统中办理的申请，登记簿中的申请人“李肆”与系统记录“李四”不同，不能用登记簿修改"
    ]
    same = [*EXAMPLE[:3], ["A-4", "自然人", "李四", "2024-12-26", "2025-01-06", "予以公开"], EXAMPLE[4]]
    import_file(tmp_path, agency_a, csv_bytes(same))
    assert capsys.readouterr().out.splitlines()[-1] == "已导入 0 件（新增 0，更新 0）；未变 5 件（其中本系统办理 1 件）"
    assert Reply.objects.get(case=a4).body == "予以公开。"


def test_numbers_are_per_agency(tmp_path, agency_a, agency_b):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    import_file(tmp_path, agency_b, csv_bytes(EXAMPLE))
    assert Case.objects.filter(agency=agency_b).count() == 5 and Case.objects.count() == 10


def test_service_refuses_duplicates_and_reports_conflicts_together(agency_a):
    own = register(agency_a).case
    data = csv_bytes(
        [["A-1", "自然人", "张三", "2024-13-01", "", ""], [own.number, "自然人", "某", "2024-01-02", "", ""]]
    )
    with pytest.raises(RegisterError) as info:
        check_register(agency=agency_a, data=data, filename="r.csv")
    assert [e.row for e in info.value.row_errors] == [2, 3]
    rows = read_register(csv_bytes([EXAMPLE[0], EXAMPLE[1]]), "r.csv")
    with pytest.raises(RegisterError):
        import_register(agency=agency_a, rows=[rows[0], rows[0]], actor_label="测试")
    assert Case.objects.count() == 1


# -- export --------------------------------------------------------------------------------


def test_export_has_the_six_columns_and_every_case_of_the_year(tmp_path, agency_a):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    assert register_of(agency_a, 2024) == [list(HEADERS), *EXPORTED]
    assert register_of(agency_a, 2023) == [list(HEADERS), EXAMPLE[0]]  # received in 2023
    assert register_of(agency_a, 2025) == [list(HEADERS), EXAMPLE[3]]  # open at the start of 2025
    assert register_of(agency_a, 2022) == [list(HEADERS)]


def test_export_cells_are_text(tmp_path, agency_a):
    import_file(tmp_path, agency_a, csv_bytes([["=1+1", "自然人", '=HYPERLINK("x")', "2024-01-02", "", ""]]))
    sheet = openpyxl.load_workbook(io.BytesIO(export_register(agency=agency_a, year=2024))).worksheets[0]
    cells = next(sheet.iter_rows(min_row=2))
    assert [c.value for c in cells[:4]] == ["=1+1", "自然人", '=HYPERLINK("x")', "2024-01-02"]
    assert all(c.data_type == "s" for c in cells[:4]) and cells[4].value is None


def test_round_trip_into_a_fresh_agency(tmp_path, agency_a, agency_b, capsys):
    own = register(agency_a, received_on=D(2024, 9, 27), name="孙七").case  # registered in Gongkai
    import_file(tmp_path, agency_a, csv_bytes([*EXAMPLE, SECURITY]))
    out = tmp_path / "2024.xlsx"
    call_command("cases", "export", "--agency", agency_a.code, "--year", "2024", str(out))
    assert capsys.readouterr().out.splitlines()[-1] == f"已导出 7 件（2024年度）到 {out}"
    exported = xlsx_rows(out.read_bytes())
    own_row = [own.number, "自然人", "孙七", "2024-09-27", "", ""]
    assert exported == [list(HEADERS), *sorted([*EXAMPLE, SECURITY, own_row], key=lambda row: row[3])]

    call_command("cases", "import", str(out), "--agency", agency_b.code)
    assert register_of(agency_b, 2024) == exported
    assert Case.objects.get(agency=agency_b, number=own.number).channel == "imported"


def test_export_command_errors(tmp_path, agency_a):
    with pytest.raises(CommandError, match="不是四位数字"):
        call_command("cases", "export", "--agency", agency_a.code, "--year", "24", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError, match="无法写入"):
        call_command("cases", "export", "--agency", agency_a.code, "--year", "2024", str(tmp_path / "no" / "x.xlsx"))


# -- performance ---------------------------------------------------------------------------


def test_five_thousand_rows_import_in_seconds(tmp_path, agency_a, django_assert_max_num_queries):
    start = D(2024, 1, 2)
    rows = []
    for i in range(5000):
        received = start + dt.timedelta(days=i % 300)
        replied = "" if i % 7 == 0 else (received + dt.timedelta(days=10)).isoformat()
        rows.append([f"P-{i}", "自然人", f"申请人{i}", received.isoformat(), replied, "予以公开" if replied else ""])
    data = csv_bytes(rows)
    began = time.perf_counter()
    with django_assert_max_num_queries(400):  # no per-row queries
        import_file(tmp_path, agency_a, data)
    assert time.perf_counter() - began < 20  # a few seconds; generous for a shared CI machine
    assert Case.objects.filter(agency=agency_a).count() == 5000
    with django_assert_max_num_queries(400):  # re-import: mostly unchanged rows
        import_file(tmp_path, agency_a, data)


# -- the real command line -----------------------------------------------------------------


@pytest.mark.slow
def test_real_process_exit_codes_and_streams(tmp_path):
    """What a script sees: the summary on stdout; every bad row on stderr and a non-zero exit."""
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/cli.sqlite3", GONGKAI_DATA_DIR=str(tmp_path))
    gongkai = [sys.executable, "-m", "gongkai"]
    cwd = Path(__file__).resolve().parents[3]

    def run(*args):
        return subprocess.run([*gongkai, *args], env=env, cwd=cwd, capture_output=True, text=True)

    subprocess.run([*gongkai, "migrate", "-v0"], env=env, cwd=cwd, check=True)
    code = make_uscc("110109", "12345678")
    assert run("agencies", "add", "--code", code, "--name", "示例县示例局", "--kind", "department").returncode == 0
    (tmp_path / "reg.csv").write_bytes(csv_bytes(EXAMPLE))
    ok = run("cases", "import", str(tmp_path / "reg.csv"), "--agency", code)
    summary = "已导入 5 件（新增 5，更新 0）；未变 0 件（其中本系统办理 0 件）\n"
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, summary, "")

    bad = [
        *EXAMPLE[:2],
        ["A-9", "个人", "某", "2024-01-02", "", ""],
        [""] * 6,
        ["A-2", "自然人", "", "2024-01-02", "", ""],
    ]
    (tmp_path / "bad.csv").write_bytes(csv_bytes(bad, encoding="gbk"))
    failed = run("cases", "import", str(tmp_path / "bad.csv"), "--agency", code)
    assert failed.returncode != 0 and failed.stdout == ""
    lines = failed.stderr.splitlines()
    assert [line[:4] for line in lines[:3]] == ["第3行：", "第4行：", "第6行："]
    assert lines[-1] == "错误：登记簿中有 3 行有误，未导入任何数据"

    unknown = run("cases", "import", str(tmp_path / "reg.csv"), "--agency", make_uscc("110109", "87654321"))
    assert unknown.returncode != 0 and unknown.stderr.startswith("错误：机关") and unknown.stdout == ""
    exported = run("cases", "export", "--agency", code, "--year", "2024", str(tmp_path / "out.xlsx"))
    assert exported.returncode == 0 and exported.stdout.startswith("已导出 5 件")
    assert xlsx_rows((tmp_path / "out.xlsx").read_bytes()) == [list(HEADERS), *EXPORTED]


# -- the staff page ------------------------------------------------------------------------


def import_url(agency):
    return reverse("cases_register_import", kwargs={"code": agency.code})


def export_url(agency, year=2024):
    return reverse("cases_register_export", kwargs={"code": agency.code, "year": year})


def upload(client, agency, data, name="reg.csv"):
    return client.post(import_url(agency), {"file": _file(data, name)})


def _file(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_page_requires_login(client, agency_a):
    response = client.get(import_url(agency_a))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_clerk_checks_previews_then_imports(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    page = client.get(import_url(agency_a)).content.decode()
    assert agency_a.name in page and "上传并检查" in page and export_url(agency_a) in page

    preview = upload(client, agency_a, csv_bytes(EXAMPLE))
    html = preview.content.decode()
    assert (
        preview.status_code == 200 and "检查通过" in html and "共 <strong" in html and "新增 <strong>5</strong>" in html
    )
    assert Case.objects.count() == 0  # checking writes nothing

    payload = preview.context["preview"]["payload"]
    done = client.post(import_url(agency_a), {"payload": payload}, follow=True)
    assert "已导入 5 件（新增 5，更新 0）" in done.content.decode()
    assert Case.objects.filter(agency=agency_a, channel="imported").count() == 5
    assert AuditEvent.objects.get(code="cases.imported").actor == clerk_a


def test_bad_upload_lists_every_row_and_keeps_the_agency(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    rows = [
        EXAMPLE[0],
        ["A-2", "个人", "某", "2024-01-02", "", ""],
        EXAMPLE[2],
        ["A-4", "自然人", "", "2024-13-01", "", ""],
    ]
    response = upload(client, agency_a, xlsx_bytes(rows), "reg.xlsx")
    html = response.content.decode()
    assert "第3行：申请人类型“个人”无效" in html and "第5行：申请人为空" in html and "未导入" in html
    assert "确认导入" not in html and agency_a.name in html
    assert response.request["PATH_INFO"] == import_url(agency_a)
    assert Case.objects.count() == 0


def test_office_head_may_import(client, office_head_a, agency_a):
    client.force_login(office_head_a)
    assert upload(client, agency_a, csv_bytes(EXAMPLE)).context["preview"]["rows"] == 5


def test_upload_limits_and_tampered_preview(client, clerk_a, agency_a, monkeypatch):
    client.force_login(clerk_a)
    monkeypatch.setattr("gongkai.cases.views_register.MAX_UPLOAD_BYTES", 100)
    assert "超过 10 MB" in upload(client, agency_a, csv_bytes(EXAMPLE)).content.decode()
    assert "请上传 .csv 或 .xlsx" in upload(client, agency_a, b"x", "reg.pdf").content.decode()
    forged = client.post(import_url(agency_a), {"payload": "eyJzb3VyY2UiOiJ4In0:forged"})
    assert "预览已失效" in forged.content.decode() and Case.objects.count() == 0


def test_preview_of_another_user_or_agency_is_refused(client, clerk_a, agency_a, agency_b):
    client.force_login(clerk_a)
    payload = upload(client, agency_a, csv_bytes(EXAMPLE)).context["preview"]["payload"]
    MembershipFactory(user=clerk_a, agency=agency_b, role=Role.CLERK)
    response = client.post(import_url(agency_b), {"payload": payload})
    assert "预览已失效" in response.content.decode() and Case.objects.count() == 0


def test_export_download(client, clerk_a, agency_a, tmp_path):
    import_file(tmp_path, agency_a, csv_bytes(EXAMPLE))
    client.force_login(clerk_a)
    response = client.get(export_url(agency_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    assert xlsx_rows(response.content) == [list(HEADERS), *EXPORTED]
    assert AuditEvent.objects.filter(code="cases.exported", actor=clerk_a).exists()
    assert client.get(export_url(agency_a, 1999)).status_code == 404


@pytest.mark.parametrize("url", [import_url, export_url])
def test_other_agency_clerk_gets_404(client, clerk_b, agency_a, url):
    client.force_login(clerk_b)
    assert client.get(url(agency_a)).status_code == 404
    if url is import_url:
        assert upload(client, agency_a, csv_bytes(EXAMPLE)).status_code == 404
        assert Case.objects.count() == 0


@pytest.mark.parametrize("url", [import_url, export_url])
def test_supervisor_reads_but_cannot_import(client, supervisor, agency_a, url):
    client.force_login(supervisor)
    assert client.get(url(agency_a)).status_code in (403, 404)
    assert upload(client, agency_a, csv_bytes(EXAMPLE)).status_code in (403, 404)
    assert Case.objects.count() == 0


def test_other_roles_of_the_agency_get_403(client, agency_a):
    contributor = MembershipFactory(user=UserFactory(username="info_a"), agency=agency_a, role=Role.CONTRIBUTOR).user
    client.force_login(contributor)
    assert client.get(import_url(agency_a)).status_code == 403
    assert upload(client, agency_a, csv_bytes(EXAMPLE)).status_code == 403


def test_links_follow_the_namespace_the_routes_are_mounted_under(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    url = reverse("regtest:cases_register_import", kwargs={"code": agency_a.code})
    html = client.get(url).content.decode()
    assert reverse("regtest:cases_register_export", kwargs={"code": agency_a.code, "year": 2025}) in html
    preview = client.post(url, {"payload": upload(client, agency_a, csv_bytes(EXAMPLE)).context["preview"]["payload"]})
    assert preview.status_code == 302 and preview.url == url
