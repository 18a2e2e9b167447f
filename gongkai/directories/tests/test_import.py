"""Import and export of the official 标准目录 layout: all or nothing, every bad row named, round trip."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.directories import importing
from gongkai.directories.importing import DirectoryImportError, export_directory, import_directory
from gongkai.directories.models import DirectoryItem
from gongkai.organizations.tests.factories import DepartmentFactory
from gongkai.statute.directory import Cadence

from .samples import official_xlsx

FIELDS = ("area", "level1", "level2", "content", "basis", "deadline_text", "publisher", "channels",
          "audience_public", "audience_specific", "proactive", "on_request")  # fmt: skip


def _items(agency):
    return [tuple(getattr(i, f) for f in FIELDS) for i in DirectoryItem.objects.current().filter(agency=agency)]


@pytest.fixture
def departments(agency_a):
    return {
        name: DepartmentFactory(agency=agency_a, name=name) for name in ("城乡建设办公室", "财政所", "社会事务办公室")
    }


def test_official_workbook_imports_every_item(agency_a, office_head_a, departments):
    counts = import_directory(actor=office_head_a, agency=agency_a, data=official_xlsx(), filename="全清单.xlsx")
    assert counts == {"added": 8, "updated": 0, "unchanged": 0, "retired": 0}
    items = list(DirectoryItem.objects.filter(agency=agency_a))
    assert [i.area for i in items] == ["重大建设项目"] * 4 + ["财政预决算"] * 2 + ["社会救助"] * 2
    approval = items[1]
    # The merged 一级事项 and the 同上 cells are read as the cells above.
    assert approval.level1 == "批准服务信息"
    assert approval.basis == "《政府信息公开条例》"
    assert approval.deadline_text == "信息形成（或变更）之日起20个工作日内"
    assert approval.rule.cadence == Cadence.AFTER_FORMING and approval.rule.days == 20
    assert approval.department == departments["城乡建设办公室"]
    assert items[0].channels == ["政府网站", "政务服务中心"]
    assert items[3].channels == ["政府网站", "招标投标公共服务平台"]  # 同上
    assert items[2].department is None  # 招标人或其招标代理机构 is no department of ours
    assert items[5].rule.cadence == Cadence.YEARLY and items[5].audience_public  # ● ticks
    assert items[7].audience_specific and not items[7].audience_public
    assert items[6].rule.cadence == Cadence.UNTRACKED
    assert AuditEvent.objects.filter(code="directory.imported", agency=agency_a).count() == 1
    assert all(i.versions.count() == 1 for i in items)


def test_every_bad_row_is_listed_and_nothing_changes(agency_a, office_head_a, departments):
    bad = [
        ["5", "", "", "内容", "依据", "及时公开", "城乡建设办公室", "■政府网站", "", "", "√", ""],
        ["6", "招投标", "合同", "内容", "依据", "及时公开", "城乡建设办公室", "■政府网站", "?", "", "", ""],
    ]
    with pytest.raises(DirectoryImportError) as e:
        import_directory(actor=office_head_a, agency=agency_a, data=official_xlsx(bad), filename="全清单.xlsx")
    problems = e.value.problems
    # Row 5 of the file: its 一级事项 merges into the rows above, so only the ticks are wrong.
    assert any(p.startswith("工作表“标准目录”第8行：") and "公开对象未勾选" in p for p in problems), problems
    assert any("第9行" in p and "“?”无法识别" in p and "公开方式未勾选" in p for p in problems), problems
    assert DirectoryItem.objects.count() == 0


def test_ditto_in_the_first_row_is_refused(agency_a, office_head_a):
    parsed = {
        "rows": [{"table": "第1个表格", "row": "第3行", "area": "安全生产",
                  "cells": {"level1": "同上", "deadline": "及时公开", "audience_public": "√", "proactive": "√"}}],
        "errors": [],
    }  # fmt: skip
    checked = importing.check_rows(agency_a, parsed)
    assert checked.problems == ["第1个表格第3行：一级事项写“同上”，但上一行没有可沿用的内容；缺少一级事项"]


def test_wrong_file_type_is_refused_in_chinese(agency_a, office_head_a):
    with pytest.raises(DirectoryImportError, match="只能导入这两种格式"):
        import_directory(actor=office_head_a, agency=agency_a, data=b"a,b", filename="目录.csv")
    with pytest.raises(DirectoryImportError, match="无法读取该Excel文件"):
        import_directory(actor=office_head_a, agency=agency_a, data=b"not a zip", filename="目录.xlsx")


def test_a_table_without_headers_is_refused(agency_a, office_head_a):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["随便", "一张表"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DirectoryImportError, match="没有找到标准目录表格"):
        import_directory(actor=office_head_a, agency=agency_a, data=buffer.getvalue(), filename="x.xlsx")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_export_then_import_gives_the_same_items(agency_a, agency_b, office_head_a, departments, suffix):
    import_directory(actor=office_head_a, agency=agency_a, data=official_xlsx(), filename="全清单.xlsx")
    exported = export_directory(agency_a, suffix)
    from gongkai.directories import services

    services.replace_directory(actor=None, actor_label="测试", agency=agency_b, rows=[], source="空")
    import_directory(actor=None, actor_label="测试", agency=agency_b, data=exported, filename=f"导出{suffix}")
    assert _items(agency_b) == _items(agency_a)


def test_reimport_updates_in_place_and_retires_what_is_gone(agency_a, office_head_a, departments):
    import_directory(actor=office_head_a, agency=agency_a, data=official_xlsx(), filename="全清单.xlsx")
    first = DirectoryItem.objects.get(agency=agency_a, level2="批准结果")
    extra = [["5", "招标投标信息", "合同订立", "合同", "依据", "及时公开", "同上", "■政府网站", "√", "", "√", ""]]
    counts = import_directory(
        actor=office_head_a, agency=agency_a, data=official_xlsx(extra), filename="全清单（修订）.xlsx"
    )
    assert counts == {"added": 1, "updated": 0, "unchanged": 8, "retired": 0}
    assert DirectoryItem.objects.get(agency=agency_a, level2="批准结果").pk == first.pk
    counts = import_directory(actor=office_head_a, agency=agency_a, data=official_xlsx(), filename="全清单.xlsx")
    assert counts["retired"] == 1
    assert DirectoryItem.objects.get(level2="合同订立").retired_on is not None


def test_only_the_office_head_may_import(agency_a, clerk_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="只有公开办负责人、管理员可以修改标准目录"):
        import_directory(actor=clerk_a, agency=agency_a, data=official_xlsx(), filename="全清单.xlsx")
