"""Legacy import: value rules as tables, all-or-nothing with every bad row, attachments, 1,000 rows."""

import datetime as dt
import time

import pytest

from gongkai.catalog import legacy, legacy_check, services
from gongkai.catalog import legacy_read as read
from gongkai.catalog.models import Document, IndexCounter, Kind, LegacyImport, Source, Status, Subject, Validity
from gongkai.catalog.search import search_documents
from gongkai.core.models import AuditEvent
from gongkai.statute.catalog import format_index_number

from .legacy_samples import HEADER, PDF, csv_bytes, row, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-03-05", dt.date(2020, 3, 5)),
        ("2020/3/5", dt.date(2020, 3, 5)),
        ("2020.03.05", dt.date(2020, 3, 5)),
        ("2020年3月5日", dt.date(2020, 3, 5)),
        ("２０２０年３月５日", dt.date(2020, 3, 5)),
        ("二〇二〇年三月五日", dt.date(2020, 3, 5)),
        ("二〇二〇年十二月三十一日", dt.date(2020, 12, 31)),
        ("20200305", dt.date(2020, 3, 5)),
        ("2020-03-05 09:30:00", dt.date(2020, 3, 5)),
        ("43895", dt.date(2020, 3, 5)),  # an Excel serial
        ("43895.0", dt.date(2020, 3, 5)),
        ("", None),
        ("  ", None),
    ],
)
def test_dates_in_the_usual_chinese_forms(text, expected):
    assert read.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2020-02-30", "3月5日", "去年", "2020-13-01", "二〇二〇年三月"])
def test_unreadable_dates_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="日期"):
        read.parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11110109MB1D12345X/2020-00001", "11110109MB1D12345X/2020-00001"),
        ("000014349/2020-00123", "000014349/2020-00123"),
        (" ＭＢ１Ｄ/2020-001 ", "MB1D/2020-001"),  # full-width forms made ASCII
        ("TZS/2019-0007", "TZS/2019-0007"),
        ("ZJ000-0203/2020.12_7", "ZJ000-0203/2020.12_7"),
    ],
)
def test_index_numbers_of_other_systems_are_kept(text, expected):
    assert read.clean_index_number(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "缺少索引号"),
        ("潭政2020-1", "格式不对"),
        ("ab", "格式不对"),
        ("a b/2020", "格式不对"),
        ("TZS-2019-0007", "格式不对"),  # no front and back part
        ("a/b/c", "格式不对"),
        ("/2020-1", "格式不对"),
        ("x/" + "1" * 49, "格式不对"),  # 51 characters
    ],
)
def test_bad_index_numbers(text, message):
    with pytest.raises(ValueError, match=message):
        read.clean_index_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20-7", "20-7"),
        ("（七）财政预算、决算信息", "20-7"),
        ("财政预算、决算信息", "20-7"),
        ("财政预算,决算信息", "20-7"),
        ("社会救助", "21-township-8"),  # for a township, the township item of the same name
        ("第二十一条（乡镇）：宅基地使用情况审核", "21-township-4"),
    ],
)
def test_items_by_code_or_label(text, expected):
    assert legacy_check.match_item(text, "township") == expected


@pytest.mark.parametrize(
    ("text", "level", "message"),
    [
        ("", "township", "缺少公开事项"),
        ("通知公告", "township", "不是条例第二十条、第二十一条所列事项"),
        ("21-county-4", "township", "不适用于本机关"),
    ],
)
def test_unknown_items(text, level, message):
    with pytest.raises(ValueError, match=message):
        legacy_check.match_item(text, level)


@pytest.mark.parametrize(
    ("text", "choices", "expected"),
    [
        ("财政、金融、审计", Subject, Subject.FINANCE),
        ("财政，金融，审计", Subject, Subject.FINANCE),
        ("finance", Subject, Subject.FINANCE),
        ("", Subject, Subject.OTHER),
        ("行政规范性文件", Kind, Kind.NORMATIVE),
        ("规范性文件", Kind, Kind.NORMATIVE),
        ("废止", Validity, Validity.REPEALED),
    ],
)
def test_choices_by_label_or_code(text, choices, expected):
    what = {Subject: "主题分类", Kind: "文件类型", Validity: "有效性"}[choices]
    assert legacy_check.match_choice(text, choices, what, Subject.OTHER) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一段\n\u3000\u3000第二段\r\n\n第三段", "<p>第一段</p><p>第二段</p><p>第三段</p>"),
        ("a < b & c", "<p>a &lt; b &amp; c</p>"),
        ('<p onclick="x()">正文</p><script>alert(1)</script>', "<p>正文</p>"),
        ("第一行<br>第二行", "第一行<br>第二行"),
        ("", ""),
    ],
)
def test_body_text_becomes_paragraphs_and_html_is_sanitised(text, expected):
    assert legacy_check.body_html(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a.pdf；b.docx", ["a.pdf", "b.docx"]),
        ("a.pdf;b.docx、c.pdf\nd.pdf", ["a.pdf", "b.docx", "c.pdf", "d.pdf"]),
        ("预算（一、二）,说明.pdf", ["预算（一", "二）,说明.pdf"]),
        ("", []),
    ],
)
def test_attachment_names_are_split(text, expected):
    assert read.split_names(text) == expected


# -- reading files ------------------------------------------------------------------------------


def test_headers_are_matched_tolerantly():
    header = [" 索引号 ", "* 标题", "文号", "生成日期", "公开日期（YYYY-MM-DD）", "公开类别", "信息内容", "浏览次数"]
    parsed = read.read_catalogue(
        csv_bytes([["X/2020-1", "t", "n", "2020-1-2", "2020-1-3", "20-2", "b", "9"]], header=header), "a.csv"
    )
    assert parsed["errors"] == []
    assert parsed["columns"] == {
        "index_number": "索引号",
        "title": "标题",
        "document_number": "发文字号",
        "written_on": "成文日期",
        "published_on": "发布日期",
        "item": "公开事项",
        "body": "正文",
    }
    assert parsed["ignored"] == ["浏览次数"]
    assert parsed["rows"] == [
        {
            "row": 2,
            "values": {
                "index_number": "X/2020-1",
                "title": "t",
                "document_number": "n",
                "written_on": "2020-1-2",
                "published_on": "2020-1-3",
                "item": "20-2",
                "body": "b",
            },
        }
    ]


def test_a_file_without_the_required_columns_is_refused():
    parsed = read.read_catalogue(csv_bytes([["1", "2"]], header=["标题", "发布日期"]), "a.csv")
    assert parsed["errors"] == ["表头缺少必需的列：索引号、公开事项"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_utf8_gbk_and_gb18030(encoding):
    data = (
        csv_bytes([row("TZS/2020-00001", title="潭柘寺镇“㙍”字村务公开")])
        if encoding == "gb18030"
        else csv_bytes([row("TZS/2020-00001")])
    )
    data = data.decode("utf-8").encode(encoding)
    parsed = read.read_catalogue(data, "目录.csv")
    assert parsed["errors"] == []
    assert parsed["rows"][0]["values"]["title"].startswith("潭柘寺镇")


def test_xlsx_with_a_title_row_real_dates_and_serials():
    values = row("TZS/2020-00001")
    values[3] = dt.datetime(2020, 3, 2)  # a date cell
    values[5] = 43895  # a number cell holding an Excel serial
    parsed = read.read_catalogue(xlsx_bytes([values], title_row="潭柘寺镇政府信息公开目录（2020年）"), "目录.xlsx")
    assert parsed["errors"] == [] and parsed["header_row"] == 2
    got = parsed["rows"][0]
    assert got["row"] == 3
    assert got["values"]["written_on"] == "2020-03-02" and read.parse_date(got["values"]["published_on"]) == dt.date(
        2020, 3, 5
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "目录.xls", "另存为.xlsx"),
        (b"PK\x03\x04garbage", "目录.xlsx", "文件无法读取"),
        (b"hello,world\n", "目录.csv", "没有找到表头"),
    ],
)
def test_unreadable_tables_say_why(data, name, message):
    assert message in read.read_catalogue(data, name)["errors"][0]


# -- importing ----------------------------------------------------------------------------------


def run(agency, actor, data, name="目录.csv", **kwargs):
    return legacy.import_file(actor=actor, agency=agency, table=data, table_name=name, **kwargs)


def test_a_catalogue_is_imported_as_published_history(
    agency_a, office_head_a, today, django_capture_on_commit_callbacks
):
    ours = format_index_number(agency_a.code, 2020, 37)
    data = xlsx_bytes(
        [
            row(ours, title="潭柘寺镇人民政府2020年部门预算"),
            [*row("TZS/2019-0007", title="潭柘寺镇农村宅基地管理办法", **{"公开事项": "宅基地使用情况审核"})[:9], ""],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        batch = run(agency_a, office_head_a, data, name="旧网站目录.xlsx")
    assert isinstance(batch, LegacyImport)
    assert (batch.document_count, batch.attachment_count, batch.imported_by) == (2, 0, office_head_a)
    budget = Document.objects.get(index_number=ours)
    assert budget.status == Status.PUBLISHED and budget.source == Source.LEGACY and budget.legacy_import == batch
    assert (budget.written_on, budget.published_on) == (dt.date(2020, 3, 2), dt.date(2020, 3, 5))
    assert budget.item == "20-7" and budget.subject == Subject.FINANCE
    assert budget.body == "<p>第一段</p><p>第二段</p>"
    assert budget.versions.get().change == "历史导入（旧网站目录.xlsx）"
    assert AuditEvent.objects.filter(code="catalog.imported", target_id=str(budget.pk)).exists()
    assert (
        AuditEvent.objects.get(code="catalog.legacy_imported").summary
        == "导入历史目录《旧网站目录.xlsx》：2件文件、0个附件"
    )
    # The counter of 2020 moved past the imported number; the current year's is untouched.
    assert IndexCounter.objects.get(agency=agency_a, year=2020).last == 37
    assert not IndexCounter.objects.filter(agency=agency_a, year=today.year).exists()
    # Searchable once committed (the index is written on commit).
    [hit] = search_documents("宅基地管理办法").hits
    assert hit.document.index_number == "TZS/2019-0007"


def test_the_counter_never_hands_out_an_imported_number(agency_a, office_head_a, contributor_a, today):
    imported = [format_index_number(agency_a.code, today.year, n) for n in (3, 5)]
    run(
        agency_a,
        office_head_a,
        csv_bytes([row(imported[0]), row(imported[1], **{"发布日期": f"{today:%Y-%m-%d}", "成文日期": ""})]),
    )
    draft = services.draft_document(actor=contributor_a, agency=agency_a, title="新文件", item="20-2")
    assert draft.index_number == format_index_number(agency_a.code, today.year, 6)
    assert draft.source == Source.DRAFTED


def test_all_or_nothing_with_every_bad_row_listed(agency_a, agency_b, office_head_a, contributor_a, today):
    taken = services.draft_document(actor=contributor_a, agency=agency_a, title="已有文件", item="20-2")
    foreign = format_index_number(agency_b.code, 2020, 1)
    rows = [
        row("TZS/2020-00001"),  # fine
        row("TZS/2020-00002", title=""),  # 3: no title
        row("TZS/2020-00001", title="重复"),  # 4: duplicate in the file
        row(taken.index_number),  # 5: already used
        row("TZS/2020-00005", **{"发布日期": "2020-02-30"}),  # 6: bad date
        row("TZS/2020-00006", **{"公开事项": "通知公告"}),  # 7: unknown item
        row("TZS/2020-00007", **{"附件": "预算表.pdf"}),  # 8: no attachment source
        row("TZS/2020-00008", **{"成文日期": "2020-04-01"}),  # 9: published before written
        row("TZS/2020-00009", **{"发布日期": "2099-01-01"}),  # 10: future
        row("TZS/2020-00010", **{"发布日期": "1900-01-01", "成文日期": ""}),  # 11: absurd
        row(foreign),  # 12: another agency's code in our format
        row("TZS/2020-00012", **{"正文": ""}),  # 13: nothing to publish
    ]
    with pytest.raises(legacy.LegacyImportRefused) as refused:
        run(agency_a, office_head_a, csv_bytes(rows))
    got = [str(e) for e in refused.value.errors]
    assert got == [
        "第3行“标题”：缺少标题",
        "第4行“索引号”：索引号“TZS/2020-00001”与第2行重复",
        f"第5行“索引号”：索引号“{taken.index_number}”已被本机关的文件使用",
        "第6行“发布日期”：“2020-02-30”不是有效的日期",
        "第7行“公开事项”：公开事项“通知公告”不是条例第二十条、第二十一条所列事项",
        "第8行“附件”：列有附件，但没有提供附件文件夹或压缩包",
        "第9行“发布日期”：发布日期（2020-03-05）早于成文日期（2020-04-01）",
        "第10行“发布日期”：2099-01-01晚于今天，历史文件的日期不能在将来",
        "第11行“发布日期”：1900-01-01早于1949年10月1日，日期不合理",
        f"第12行“索引号”：索引号“{foreign}”中的统一社会信用代码属于{agency_b.name}，不是本机关的",
        "第13行“正文”：正文为空且没有附件",
    ]
    assert refused.value.messages[0] == "目录中有11处问题，未导入任何文件"
    assert Document.objects.count() == 1 and not LegacyImport.objects.exists()
    assert not IndexCounter.objects.filter(agency=agency_a, year=2020).exists()


def test_a_dry_run_writes_nothing(agency_a, office_head_a):
    checked = run(
        agency_a,
        office_head_a,
        csv_bytes([row("TZS/2020-00001"), row("TZS/2021-00001", **{"发布日期": "2021-01-04"})]),
        dry_run=True,
    )
    assert checked.ok and checked.per_year == [(2020, 1), (2021, 1)]
    assert not Document.objects.exists()


def test_only_the_office_head_or_administrator_imports(agency_a, clerk_a, clerk_b):
    from django.core.exceptions import PermissionDenied

    for user in (clerk_a, clerk_b):
        with pytest.raises(PermissionDenied):
            run(agency_a, user, csv_bytes([row("TZS/2020-00001")]))
    assert not Document.objects.exists()


def test_attachments_from_a_zip_with_gbk_names(agency_a, office_head_a, tmp_path):
    members = {"附件/2020年预算表.pdf": PDF, "附件/说明.pdf": PDF + b"2"}
    archive = zip_bytes(members, gbk_names=True)
    data = csv_bytes([row("TZS/2020-00001", **{"附件": "2020年预算表.pdf；附件/说明.pdf"})])
    batch = run(agency_a, office_head_a, data, zip_data=archive, zip_name="附件.zip")
    document = Document.objects.get()
    assert [a.name for a in document.attachments.all()] == ["2020年预算表.pdf", "说明.pdf"]
    assert document.attachments.first().file.read() == PDF
    assert batch.attachment_count == 2 and batch.attachments_name == "附件.zip"
    assert len(document.versions.get().snapshot["attachments"]) == 2


def test_attachments_from_a_folder(agency_a, office_head_a, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "预算表.pdf").write_bytes(PDF)
    (tmp_path / "secret.pdf").write_bytes(PDF + b"x")
    data = csv_bytes(
        [row("TZS/2020-00001", **{"附件": "预算表.pdf"}), row("TZS/2020-00002", **{"附件": "../secret.pdf"})]
    )
    with pytest.raises(legacy.LegacyImportRefused) as refused:
        run(agency_a, office_head_a, data, folder=tmp_path / "files")
    assert [str(e) for e in refused.value.errors] == ["第3行“附件”：附件“../secret.pdf”在附件文件夹或压缩包中找不到"]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"../../etc/预算表.pdf": PDF}, "路径越出压缩包"),
        ({"/abs/预算表.pdf": PDF}, "路径越出压缩包"),
        ({"C:/预算表.pdf": PDF}, "路径越出压缩包"),
        ({"预算表.pdf": b"not a pdf"}, "不是有效的PDF"),
        ({"其他.pdf": PDF}, "找不到"),
        ({"a/预算表.pdf": PDF, "b/预算表.pdf": PDF + b"1"}, "请写明所在文件夹"),
    ],
)
def test_bad_zips_are_refused(agency_a, office_head_a, members, message):
    data = csv_bytes([row("TZS/2020-00001", **{"附件": "预算表.pdf"})])
    with pytest.raises(legacy.LegacyImportRefused) as refused:
        run(agency_a, office_head_a, data, zip_data=zip_bytes(members))
    assert message in str(refused.value.errors[0])
    assert not Document.objects.exists()


def test_a_zip_bomb_is_refused_before_inflating(agency_a, office_head_a, monkeypatch):
    monkeypatch.setattr(legacy, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    bomb = zip_bytes({"预算表.pdf": PDF + b"\0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000
    data = csv_bytes([row("TZS/2020-00001", **{"附件": "预算表.pdf"})])
    with pytest.raises(legacy.LegacyImportRefused) as refused:
        run(agency_a, office_head_a, data, zip_data=bomb)
    assert "压缩炸弹" in str(refused.value.errors[0])


def test_validity_of_imported_normative_documents(agency_a, office_head_a):
    header = [*HEADER, "文件类型", "有效性", "废止日期"]
    rows = [
        [*row("TZS/2019-00001", **{"公开事项": "20-1"}), "规范性文件", "", ""],
        [*row("TZS/2019-00002", **{"公开事项": "20-1"}), "行政规范性文件", "废止", "2021-06-30"],
        [*row("TZS/2019-00003", **{"公开事项": "20-1"}), "行政规范性文件", "失效", ""],
        [*row("TZS/2019-00004", **{"公开事项": "20-1"}), "政策解读", "", ""],
    ]
    with pytest.raises(legacy.LegacyImportRefused) as refused:
        run(agency_a, office_head_a, csv_bytes(rows, header=header))
    assert [str(e) for e in refused.value.errors] == [
        "第4行“有效性变更日期”：失效或废止的，应填写有效性变更日期",
        "第5行“所解读文件索引号”：政策解读应填写所解读文件的索引号",
    ]
    run(agency_a, office_head_a, csv_bytes(rows[:2], header=header))
    valid, repealed = Document.objects.order_by("index_number")
    assert (valid.kind, valid.validity, valid.status) == (Kind.NORMATIVE, Validity.VALID, Status.PUBLISHED)
    assert (repealed.status, repealed.repealed_on) == (Status.REPEALED, dt.date(2021, 6, 30))


def test_a_legacy_import_of_1000_rows_keeps_every_index_number(agency_a, office_head_a, capsys):
    numbers = [f"000014349/{2015 + i % 6}-{i:05d}" for i in range(500)]
    numbers += [format_index_number(agency_a.code, 2015 + i % 6, i) for i in range(1, 501)]
    rows = [
        row(
            number,
            title=f"潭柘寺镇历史文件第{i}号",
            **{"发布日期": f"{number[-10:-6]}-06-{1 + i % 28:02d}", "成文日期": f"{number[-10:-6]}-06-01"},
        )
        for i, number in enumerate(numbers)
    ]
    data = xlsx_bytes(rows)
    began = time.perf_counter()
    batch = run(agency_a, office_head_a, data, name="1000.xlsx")
    elapsed = time.perf_counter() - began
    with capsys.disabled():
        print(f"\nlegacy import of 1,000 rows: {elapsed:.2f} s")
    assert batch.document_count == 1000
    assert set(Document.objects.values_list("index_number", flat=True)) == set(numbers)
    assert Document.objects.filter(source=Source.LEGACY, status=Status.PUBLISHED).count() == 1000
    for year in range(2015, 2021):
        mine = [int(n[-5:]) for n in numbers if n.startswith(agency_a.code) and f"/{year}-" in n]
        assert IndexCounter.objects.get(agency=agency_a, year=year).last == max(mine)


def test_interpretations_point_at_their_document(agency_a, office_head_a, contributor_a):
    existing = services.draft_document(actor=contributor_a, agency=agency_a, title="已有办法", item="20-1")
    header = [*HEADER, "文件类型", "所解读文件"]
    policy = {"公开事项": "20-1"}
    rows = [
        [*row("TZS/2020-00001", title="宅基地管理办法", **policy), "规范性文件", ""],
        [*row("TZS/2020-00002", title="《宅基地管理办法》政策解读", **policy), "政策解读", "TZS/2020-00001"],
        [*row("TZS/2020-00003", title="《已有办法》解读", **policy), "政策解读", existing.index_number],
    ]
    bad = [
        [*row("TZS/2020-00004", **policy), "政策解读", "TZS/2020-00002"],  # an interpretation of an interpretation
        [*row("TZS/2020-00005", **policy), "政策解读", "TZS/1999-1"],  # nowhere
        [*row("TZS/2020-00006", **policy), "其他", "TZS/2020-00001"],  # not an interpretation
    ]
    with pytest.raises(legacy.LegacyImportRefused) as refused:
        run(agency_a, office_head_a, csv_bytes(rows + bad, header=header))
    assert [str(e) for e in refused.value.errors] == [
        "第5行“所解读文件索引号”：所解读文件“TZS/2020-00002”本身是政策解读",
        "第6行“所解读文件索引号”：所解读文件“TZS/1999-1”不在本表格中，也不是本机关已有的文件",
        "第7行“所解读文件索引号”：只有文件类型为政策解读的，才填写所解读文件",
    ]
    run(agency_a, office_head_a, csv_bytes(rows, header=header))
    reading = Document.objects.get(index_number="TZS/2020-00002")
    assert reading.kind == Kind.INTERPRETATION and reading.interprets.index_number == "TZS/2020-00001"
    assert Document.objects.get(index_number="TZS/2020-00003").interprets == existing
