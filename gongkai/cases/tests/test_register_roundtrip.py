"""The register round trip: an exported register imported unchanged changes nothing.

Rows of cases handled in Gongkai are recognised and skipped as unchanged; changing such a row is
refused naming the column; a changed row of an earlier import updates it. Run on PostgreSQL too:
DATABASE_URL=postgres://… pytest gongkai/cases/tests/test_register_roundtrip.py
"""

import csv
import datetime as dt
import io
from contextlib import contextmanager

import openpyxl
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gongkai.cases import services as s
from gongkai.cases.models import Case
from gongkai.cases.services.register import (
    HEADERS,
    RegisterError,
    check_register,
    export_register,
    import_register,
    read_register,
    register_cases,
)
from gongkai.cases.tests.factories import register
from gongkai.cases.tests.registers import random_register
from gongkai.core.clock import recording_as_of as at
from gongkai.core.models import AuditEvent
from gongkai.statute.outcomes import APPLICANT_LABELS

pytestmark = pytest.mark.django_db
D = dt.date

# The register of cases received before Gongkai, as a clerk typed it (ASCII quotes in I-3).
IMPORTED = [
    ["I-1", "自然人", "张三", "2023-12-20", "2024-01-10", "予以公开"],
    ["I-2", "法律服务机构", "某律师事务所", "2024-03-04", "2024-03-28", "部分公开"],
    ["I-3", "社会公益组织", "某基金会", "2024-05-06", "2024-05-20", '危及"三安全一稳定"'],
    ["I-4", "自然人", "李四", "2024-12-26", "", ""],  # answered in Gongkai below
    ["I-5", "自然人", "王五", "2024-11-11", "", ""],  # still open: carried into 2025
    ["I-6", "商业企业", "某贸易有限公司", "2025-02-03", "2025-02-20", "本机关不掌握相关政府信息"],
    ["I-7", "其他", '=HYPERLINK("x")', "2025-05-05", "", ""],
]


def csv_text(rows, *, header=HEADERS):
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def xlsx_rows(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def resaved(xlsx, how):
    """The exported .xlsx as a clerk saves it again: from Excel "CSV UTF-8" (BOM), "CSV (逗号分隔)"
    on Chinese Windows (GBK), or as .xlsx from a spreadsheet program."""
    if how == "xlsx":
        workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue(), "resaved.xlsx"
    rows = xlsx_rows(xlsx)
    return csv_text(rows[1:], header=rows[0]).encode(how), f"resaved-{how}.csv"


def database():
    """Every row of every table but the audit log, to prove an import wrote nothing."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model is not AuditEvent and model._meta.managed
    }


def import_data(agency, data, name):
    checked = check_register(agency=agency, data=data, filename=name)
    return import_register(agency=agency, rows=checked.rows, actor_label="测试", source=name)


def build_mix(agency, clerk, head):
    """Cases across 2024 and 2025 in every state, registered and handled through the services,
    plus imported ones; returns the cases by name."""

    def new(received, name="张三", kind="natural_person"):
        return register(agency, received_on=received, name=name, kind=kind).case

    c = {}
    c["open_carried"] = new(D(2024, 12, 23))  # open at the end of 2024
    with at(D(2025, 3, 5)):
        c["supplement_waiting"] = s.request_supplement(
            actor=clerk,
            case=new(D(2025, 3, 3)),
            items="请说明所需信息的名称",
            supplement_by=D(2025, 3, 20),
            notice_on=D(2025, 3, 5),
        )
    done = new(D(2024, 4, 8), name="赵六")
    with at(D(2024, 4, 10)):
        s.request_supplement(
            actor=clerk, case=done, items="请补充文号", supplement_by=D(2024, 4, 25), notice_on=D(2024, 4, 10)
        )
    with at(D(2024, 4, 22)):
        s.record_supplement(actor=clerk, case=done, received_on=D(2024, 4, 22))
    s.issue_reply(actor=clerk, case=done, outcome="granted", body="予以公开。", on=D(2024, 5, 10))
    c["supplemented"] = done
    abandoned = new(D(2024, 5, 6))
    with at(D(2024, 5, 8)):
        s.request_supplement(
            actor=clerk, case=abandoned, items="请补充文号", supplement_by=D(2024, 5, 20), notice_on=D(2024, 5, 8)
        )
    s.deem_abandoned(actor=clerk, case=abandoned, on=D(2024, 5, 27))
    c["abandoned"] = abandoned
    consulting = new(D(2025, 6, 2), name="某某科技有限公司", kind="commercial")
    with at(D(2025, 6, 4)):
        s.start_consultation(
            actor=clerk, case=consulting, party_kind="third_party", party_name="某某公司", sent_on=D(2025, 6, 4)
        )
    c["consulting"] = consulting
    consulted = new(D(2024, 6, 3))
    with at(D(2024, 6, 5)):
        consultation = s.start_consultation(
            actor=clerk, case=consulted, party_kind="third_party", party_name="某某公司", sent_on=D(2024, 6, 5)
        )
    s.record_opinion(actor=clerk, consultation=consultation, replied_on=D(2024, 6, 14), opinion="object")
    s.issue_reply(
        actor=clerk,
        case=consulted,
        outcome="partial",
        body="部分公开。",
        on=D(2024, 7, 1),
        parts=[s.PartFacts(True, "方案正文"), s.PartFacts(False, "第三方的商业信息", "third_party")],
    )
    c["consulted"] = consulted
    fee_open = new(D(2025, 9, 1))
    with at(D(2025, 9, 3)):
        s.issue_fee_notice(actor=clerk, case=fee_open, method="per_volume", pages=250, on=D(2025, 9, 3))
    c["fee_open"] = fee_open
    unpaid = new(D(2024, 9, 2))
    with at(D(2024, 9, 6)):
        s.issue_fee_notice(actor=clerk, case=unpaid, method="per_volume", pages=250, on=D(2024, 9, 4))
        s.record_fee_notice_received(actor=clerk, case=unpaid, received_on=D(2024, 9, 6))
    s.close_unpaid(actor=clerk, case=unpaid, on=D(2024, 11, 15))
    c["unpaid"] = unpaid
    paid = new(D(2024, 10, 8), name="某大学研究院", kind="research")
    with at(D(2024, 10, 15)):
        s.issue_fee_notice(actor=clerk, case=paid, method="per_volume", pages=250, on=D(2024, 10, 10))
        s.record_fee_notice_received(actor=clerk, case=paid, received_on=D(2024, 10, 11))
        s.record_payment(actor=clerk, case=paid, paid_on=D(2024, 10, 15))
    s.issue_reply(actor=clerk, case=paid, outcome="granted", body="予以公开。", on=D(2024, 10, 28))
    c["paid"] = paid
    extended = new(D(2024, 9, 27), name="某公益基金会", kind="public_interest")
    with at(D(2024, 10, 25)):
        s.extend_deadline(actor=head, case=extended, days=20, reason="需调取档案")
    s.issue_reply(
        actor=clerk, case=extended, outcome="withheld_security_stability", body="不予公开。", on=D(2024, 11, 20)
    )
    c["extended"] = extended
    reasons = new(D(2025, 2, 10))
    with at(D(2025, 2, 12)):
        s.request_reasons(actor=clerk, case=reasons, reasons_by=D(2025, 2, 24), on=D(2025, 2, 12))
    s.record_reasons(actor=clerk, case=reasons, on=D(2025, 2, 20), reasonable=False)
    c["unreasonable"] = reasons
    with at(D(2025, 10, 15)):
        c["reasons_waiting"] = s.request_reasons(
            actor=clerk, case=new(D(2025, 10, 13)), reasons_by=D(2025, 10, 29), on=D(2025, 10, 15)
        )
    withdrawn = new(D(2025, 4, 7), name="某律师事务所", kind="legal_service")
    s.withdraw_case(actor=clerk, case=withdrawn, on=D(2025, 4, 10))
    c["withdrawn"] = withdrawn
    across = new(D(2024, 12, 16), name="某建设集团有限公司", kind="commercial")
    s.issue_reply(actor=clerk, case=across, outcome="unavailable_not_held", body="不掌握。", on=D(2025, 1, 8))
    c["across"] = across
    village = new(D(2025, 7, 1), name="某村民委员会", kind="other")
    s.issue_reply(actor=clerk, case=village, outcome="granted", body="予以公开。", on=D(2025, 7, 15))
    c["village"] = village

    import_data(agency, csv_text(IMPORTED).encode("gbk"), "旧登记簿.csv")
    answered = Case.objects.get(agency=agency, number="I-4")
    s.issue_reply(actor=clerk, case=answered, outcome="granted", body="予以公开。", on=D(2025, 1, 6))
    c["imported_answered"] = answered
    return {name: Case.objects.get(pk=case.pk) for name, case in c.items()}


@pytest.fixture
def mix(agency_a, clerk_a, office_head_a):
    return build_mix(agency_a, clerk_a, office_head_a)


def test_the_mix_covers_every_state(mix):
    statuses = {case.status for case in mix.values()}
    assert statuses == {"registered", "supplement_requested", "reasons_requested", "fee_notified", "closed"}
    outcomes = {case.outcome for case in mix.values()} - {""}
    assert outcomes == {
        "granted",
        "partial",
        "withheld_security_stability",
        "other_no_correction",
        "other_unpaid_fee",
        "other_misc",
        "not_processed_excessive",
        "unavailable_not_held",
    }
    assert mix["extended"].extension_days == 20 and mix["consulting"].consultations.exists()


# -- export, then import unchanged ----------------------------------------------------------

# Rows of each year's register (received, replied or carried in), counted by hand from build_mix:
# (rows, of which handled in Gongkai).
YEARS = {2024: (13, 9), 2025: (13, 10)}


@pytest.mark.parametrize("year", sorted(YEARS))
def test_an_export_imported_unchanged_succeeds_and_writes_nothing(tmp_path, agency_a, mix, year, capsys):
    data = export_register(agency=agency_a, year=year)
    rows, in_system = YEARS[year]
    assert len(xlsx_rows(data)) == rows + 1
    before, events = database(), AuditEvent.objects.count()

    (tmp_path / "export.xlsx").write_bytes(data)
    call_command("cases", "import", str(tmp_path / "export.xlsx"), "--agency", agency_a.code)

    assert capsys.readouterr().out == (
        f"已导入 0 件（新增 0，更新 0）；未变 {rows} 件（其中本系统办理 {in_system} 件）\n"
    )
    assert database() == before
    [event] = AuditEvent.objects.order_by("pk")[events:]
    assert (event.code, event.actor_label) == ("cases.imported", "命令行")
    assert event.data == {
        "rows": rows,
        "created": 0,
        "updated": 0,
        "unchanged": rows,
        "unchanged_in_system": in_system,
        "source": "export.xlsx",
    }
    assert register_of(agency_a, year) == xlsx_rows(data)


def register_of(agency, year):
    return xlsx_rows(export_register(agency=agency, year=year))


@pytest.mark.parametrize("how", ["utf-8-sig", "gbk", "xlsx"])
def test_a_resaved_export_imports_unchanged(agency_a, mix, how):
    data, name = resaved(export_register(agency=agency_a, year=2024), how)
    before = database()
    result = import_data(agency_a, data, name)
    assert (result.created, result.updated, result.unchanged, result.unchanged_in_system) == (0, 0, *YEARS[2024])
    assert database() == before


def test_the_export_has_what_the_round_trip_relies_on(agency_a, mix):
    rows = {row[0]: row for row in register_of(agency_a, 2024)[1:]}
    number = mix["extended"].number
    assert rows[number] == [number, "社会公益组织", "某公益基金会", "2024-09-27", "2024-11-20", "危及“三安全一稳定”"]
    assert rows["I-3"][5] == "危及“三安全一稳定”"  # typed with ASCII quotes, printed with the official ones
    assert rows["I-1"][3:] == ["2023-12-20", "2024-01-10", "予以公开"]  # carried in from 2023
    assert rows[mix["open_carried"].number][4:] == ["", ""]
    carried = {row[0] for row in register_of(agency_a, 2025)[1:] if row[3] < "2025"}
    assert carried == {mix["open_carried"].number, mix["across"].number, "I-4", "I-5"}


def test_other_quotes_in_a_system_row_are_not_a_change(agency_a, mix):
    rows = register_of(agency_a, 2024)
    edited = [[cell.replace("“", "「").replace("”", "」") for cell in row] for row in rows[1:]]
    result = import_data(agency_a, csv_text(edited).encode("utf-8"), "r.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 13)


def test_the_web_page_previews_and_imports_an_unchanged_export(client, clerk_a, agency_a, mix):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(clerk_a)
    url = reverse("cases:cases_register_import", kwargs={"code": agency_a.code})
    upload = SimpleUploadedFile("2025.xlsx", export_register(agency=agency_a, year=2025))
    preview = client.post(url, {"file": upload})
    html = preview.content.decode()
    assert preview.context["preview"] | {"payload": ""} == {
        "source": "2025.xlsx",
        "rows": 13,
        "created": 0,
        "updated": 0,
        "unchanged": 13,
        "unchanged_in_system": 10,
        "payload": "",
    }
    assert "未变 <strong>13</strong> 件（其中本系统办理 <strong>10</strong> 件" in html
    assert "本文件与系统记录完全一致" in html
    before = database()
    done = client.post(url, {"payload": preview.context["preview"]["payload"]}, follow=True)
    assert "“2025.xlsx”已导入 0 件（新增 0，更新 0）；未变 13 件（其中本系统办理 10 件）" in done.content.decode()
    assert database() == before


# -- changed rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (1, "商业企业", "申请人类型“商业企业”与系统记录“科研机构”不同"),
        (2, "某大学", "申请人“某大学”与系统记录“某大学研究院”不同"),
        (3, "2024-10-09", "收到日期 2024-10-09 与系统记录 2024-10-08 不同"),
        (4, "2024-10-29", "答复日期 2024-10-29 与系统记录 2024-10-28 不同"),
        (5, "部分公开", "办理结果“部分公开”与系统记录“予以公开”不同"),
    ],
)
def test_changing_a_row_handled_in_gongkai_is_refused_naming_the_column(
    tmp_path, agency_a, mix, column, value, expected
):
    rows = register_of(agency_a, 2024)
    number = mix["paid"].number
    line = next(i for i, row in enumerate(rows) if row[0] == number)
    rows[line][column] = value
    (tmp_path / "changed.csv").write_bytes(csv_text(rows[1:]).encode("utf-8-sig"))
    before = database(), AuditEvent.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="登记簿中有 1 行有误，未导入任何数据"):
        call_command("cases", "import", str(tmp_path / "changed.csv"), "--agency", agency_a.code, stderr=err)
    assert err.getvalue().splitlines() == [
        f"第{line + 1}行：受理编号“{number}”是在本系统中办理的申请，登记簿中的{expected}，不能用登记簿修改"
    ]
    assert (database(), AuditEvent.objects.count()) == before


def test_reopening_a_case_answered_in_gongkai_is_refused_with_both_columns(agency_a, mix):
    rows = register_of(agency_a, 2025)
    line = next(i for i, row in enumerate(rows) if row[0] == "I-4")
    rows[line][4:] = ["", ""]
    with pytest.raises(RegisterError) as info:
        check_register(agency=agency_a, data=csv_text(rows[1:]).encode(), filename="r.csv")
    assert [str(e) for e in info.value.row_errors] == [
        f"第{line + 1}行：受理编号“I-4”是在本系统中办理的申请，登记簿中的答复日期（空）与系统记录 2025-01-06 不同，"
        "办理结果（空）与系统记录“予以公开”不同，不能用登记簿修改"
    ]


def test_changing_a_row_of_an_earlier_import_updates_that_case_only(agency_a, mix):
    rows = register_of(agency_a, 2024)
    line = next(i for i, row in enumerate(rows) if row[0] == "I-2")
    rows[line][2] = "某某律师事务所"
    before = database()
    result = import_data(agency_a, csv_text(rows[1:]).encode(), "r.csv")
    assert (result.created, result.updated, result.unchanged, result.unchanged_in_system) == (0, 1, 12, 9)
    assert result.summary == "已导入 1 件（新增 0，更新 1）；未变 12 件（其中本系统办理 9 件）"
    after = database()
    changed = [
        (old["number"], {k: (old[k], new[k]) for k in old if old[k] != new[k]})
        for old, new in zip(before["cases.Case"], after["cases.Case"], strict=True)
        if old != new
    ]
    assert [(number, set(diff)) for number, diff in changed] == [("I-2", {"applicant_name", "updated_at"})]
    assert changed[0][1]["applicant_name"] == ("某律师事务所", "某某律师事务所")
    del before["cases.Case"], after["cases.Case"]
    assert after == before


def test_all_errors_at_once_with_the_file_errors(agency_a, mix):
    rows = register_of(agency_a, 2024)[1:]
    system = next(i for i, row in enumerate(rows) if row[0] == mix["extended"].number)
    rows[system][2] = "另一个名字"
    rows[0][3] = "2024/01/02"
    rows.append(["N-1", "自然人", "新", "2024-02-02", "", ""])
    with pytest.raises(RegisterError) as info:
        check_register(agency=agency_a, data=csv_text(rows).encode(), filename="r.csv")
    assert [e.row for e in info.value.row_errors] == sorted([2, system + 2])


# -- what an .xlsx cannot hold ---------------------------------------------------------------


def test_a_control_character_never_breaks_the_export_or_the_round_trip(agency_a):
    case = register(agency_a, received_on=D(2024, 3, 4), name="张\x01三").case  # typed into a form
    data = export_register(agency=agency_a, year=2024)
    assert xlsx_rows(data)[1] == [case.number, "自然人", "张三", "2024-03-04", "", ""]
    result = import_data(agency_a, data, "r.xlsx")
    assert (result.unchanged, result.unchanged_in_system) == (1, 1)


def test_a_register_with_a_control_character_is_refused():
    data = csv_text(
        [["A-1", "自然人", "张\x0b三", "2024-03-04", "", ""], ["A\x02-2", "自然人", "李四", "2024-03-04", "", ""]]
    )
    with pytest.raises(RegisterError) as info:
        read_register(data.encode(), "r.csv")
    assert [str(e) for e in info.value.row_errors] == [
        "第2行：申请人含有不可见的控制字符（多为从其他系统复制时带入），请删除后再导入",
        "第3行：受理编号含有不可见的控制字符（多为从其他系统复制时带入），请删除后再导入",
    ]


# -- the property ---------------------------------------------------------------------------

# Names as registers hold them: Chinese, Latin, digits, inner blanks and line breaks, quotes of
# every kind, commas, a leading "=" (all of it representable in GBK, as Excel's CSV needs).
_NAME_CHARS = "张王李赵某公司研究院律师事务所基金会村民委员会有限责任（）()·“”\"'‘’,，、=+-@ 0123456789abcXYZ\n"
# The import strips blanks around a cell, so a register never holds a name with them.
names = st.text(alphabet=_NAME_CHARS, min_size=1, max_size=30).map(lambda name: name.strip(" \n")).filter(bool)


@contextmanager
def rolled_back():
    """Each Hypothesis example starts from the same database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def belongs_to(year, received, replied):
    """The rows of a year's register: received or replied in it, or open at its start."""
    first = D(year, 1, 1)
    return (
        received.year == year
        or (replied and replied.year == year)
        or (received < first and (replied is None or replied >= first))
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # "explain" reruns for minutes
)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 30),
    people=st.lists(names, min_size=30, max_size=30),
    written_as=st.sampled_from(["utf-8", "gbk", "xlsx"]),
    resaved_as=st.sampled_from([None, "utf-8-sig", "gbk"]),
)
def test_export_of_an_imported_register_is_that_register(agency_a, seed, n, people, written_as, resaved_as):
    register_rows = [
        [number, APPLICANT_LABELS[kind], people[i], received.isoformat(), replied and replied.isoformat(), outcome]
        for i, (number, kind, received, replied, outcome) in enumerate(random_register(seed, n))
    ]
    register_rows = [[cell or "" for cell in row] for row in register_rows]
    if written_as == "xlsx":
        workbook = openpyxl.Workbook()
        for r, row in enumerate([list(HEADERS), *register_rows], start=1):
            for c, value in enumerate(row, start=1):
                # Text cells, as a clerk's spreadsheet holds a name typed as "=0" (not a formula).
                workbook.active.cell(r, c, value).data_type = "s"
        out = io.BytesIO()
        workbook.save(out)
        data, name = out.getvalue(), "x.xlsx"
    else:
        data, name = csv_text(register_rows).encode(written_as), "x.csv"

    with rolled_back():
        first = import_data(agency_a, data, name)
        assert (first.created, first.updated, first.unchanged) == (n, 0, 0)
        exported = {}
        for year in (2023, 2024, 2025, 2026):
            expected = [
                row for row in register_rows
                if belongs_to(year, D.fromisoformat(row[3]), D.fromisoformat(row[4]) if row[4] else None)
            ]  # fmt: skip
            expected.sort(key=lambda row: row[3])  # stable: file order within a day, as the export
            exported[year] = export_register(agency=agency_a, year=year)
            assert xlsx_rows(exported[year]) == [list(HEADERS), *expected], year
        assert {row[0] for year in exported for row in xlsx_rows(exported[year])[1:]} == {r[0] for r in register_rows}

        for year, xlsx in exported.items():
            if len(xlsx_rows(xlsx)) == 1:
                continue  # an empty year: a register with no rows is refused as the wrong file
            again, again_name = resaved(xlsx, resaved_as) if resaved_as else (xlsx, f"{year}.xlsx")
            second = import_data(agency_a, again, again_name)
            count = register_cases(agency=agency_a, year=year).count()
            assert (second.created, second.updated, second.unchanged, second.unchanged_in_system) == (0, 0, count, 0)
