"""Acceptance: the 16 real reports of ../shared, every cell of tables 三 and 四 as printed, the key
cells of table 二, and exactly the problems each report really has (no false errors).

The expected figures were typed from the files by eye. Rows of table 三 are listed in the
format's row order (report-data.md), columns 自然人 … 其他, 总计; "_" is a blank cell.
"""

from pathlib import Path

import pytest

from gongkai.inspector.checks import inspect_document, inspect_many
from gongkai.inspector.readers.txt import read_txt
from gongkai.statute.reports.formats import FORMAT_2019, FORMAT_2021

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
REPORTS = SHARED / "gov-annual-reports"
SEED = SHARED / "seed" / "000_f05f5ffdb7466f3c.txt"
FILES = [*sorted(REPORTS.glob("*.txt")), SEED]
MIXED_KEYS = [k for k in FORMAT_2021.request_keys if not k.startswith("other_")]
MIXED_KEYS.insert(MIXED_KEYS.index("total"), "other")

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared is not beside the clone")


def read(path: Path):
    return read_txt(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def inspected() -> dict[str, dict]:
    """Every shared report, inspected in one run (so consecutive years are compared)."""
    docs = [read(path) for path in FILES]
    return {doc.source: result for doc, result in zip(docs, inspect_many(docs), strict=True)}


def rows(text: str) -> list[list[int | None]]:
    return [[None if cell == "_" else int(cell) for cell in line.split()] for line in text.strip().splitlines()]


def zeros(n: int) -> str:
    return "\n".join(["0 0 0 0 0 0 0"] * n)


def check_tables(report: dict, keys, table_three: str, table_four: str) -> None:
    assert list(report["requests"]) == list(keys)
    assert list(report["requests"].values()) == rows(table_three)
    assert [
        report["remedies"][k] for k in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    ] == rows(table_four)


def codes(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"]}


def messages(report: dict, code: str) -> list[str]:
    return [f["message"] for f in report["findings"] if f["code"] == code]


def test_seed_tanzhesi_2020(inspected):
    r = inspected[SEED.name]
    assert (r["format"], r["year"], r["agency"]) == ("2019", 2020, "北京市门头沟区潭柘寺镇人民政府")
    p = r["proactive"]
    assert p["rules"] == p["normative_documents"] == {"made": 0, "published": 0, "total_public": 0}
    assert p["licensing"] == {"previous_items": 0, "change": 0, "decisions": 0}
    assert p["other_services"] is None  # split into the local rows 行政检查 and 行政确认
    assert p["extra_rows"] == [
        {"block": "(五)", "label": label, "parent": "其他对外管理服务事项", "cells": dict.fromkeys(p["licensing"], 0)}
        for label in ("行政检查", "行政确认")
    ]
    assert p["penalty"] == {"previous_items": 6, "change": 408, "decisions": 118}  # "+408"
    assert p["enforcement"] == {"previous_items": 0, "change": 23, "decisions": 0}
    assert p["fees"] == {"previous_items": 0, "change": 0}
    assert p["procurement"] == {"projects": 31, "amount_wan": "4176.9529"}  # "4176.9529万元"
    check_tables(r, FORMAT_2019.request_keys, zeros(23), "0 0 0 0 0\n0 0 0 0 0\n0 0 0 0 0")
    assert set(r["sections"]) == set("一二三四五六") and all(v is not None for v in r["sections"].values())
    # Real mistakes: the text contradicts the tables twice, sections 三/四 are numbered "3、"/"4、",
    # and the statistical period is never stated.
    assert codes(r) == {"narrative.mismatch", "section.heading", "text.period"}
    mismatches = messages(r, "narrative.mismatch")
    assert len(mismatches) == 2
    assert any("主动公开规范性文件2件" in m and "为0" in m for m in mismatches)
    assert any("其中部分2大于总数0" in m for m in mismatches)
    assert [f["where"] for f in r["findings"] if f["code"] == "section.heading"] == ["第三部分", "第四部分"]


def test_shanghai_office_2019(inspected):
    r = inspected["shanghai-shizhengfu-bangongting_2019.txt"]
    assert (r["format"], r["year"], r["agency"]) == ("2019", 2019, "上海市人民政府办公厅")
    p = r["proactive"]
    assert p["rules"] == {"made": 13, "published": 13, "total_public": 524}
    assert p["normative_documents"] == {"made": 60, "published": 60, "total_public": 368}
    assert p["other_services"] == {"previous_items": 0, "change": 0, "decisions": 0}
    assert p["procurement"] == {"projects": 6, "amount_wan": "25.1"}  # printed "251000元"
    check_tables(
        r,
        FORMAT_2019.request_keys,
        """
        821 35 _ _ 2 1 859
        18 _ _ _ _ _ 18
        258 12 _ _ 1 1 _
        3 _ _ _ _ _ _
        14 _ _ _ _ _ _
        _ _ _ _ _ _ _
        _ _ _ _ _ _ _
        _ _ _ _ _ _ _
        5 _ _ _ _ _ _
        3 1 _ _ _ _ _
        _ _ _ _ _ _ _
        10 2 _ _ _ _ _
        252 12 _ _ 1 _ _
        44 3 _ _ _ _ _
        25 _ _ _ _ _ _
        148 1 _ _ _ _ _
        5 4 _ _ _ _ _
        _ _ _ _ _ _ _
        _ _ _ _ _ _ _
        _ _ _ _ _ _ _
        _ _ _ _ _ _ _
        767 35 _ _ 2 1 805
        72 _ _ _ _ _ 72
        """,
        "5 _ _ 2 7\n8 _ _ 1 9\n_ _ _ _ _",
    )
    # Real mistake: zeros left blank (126 cells of table 三, 9 of table 四), even the 总计 of most rows.
    assert codes(r) == {"cell.blank"}
    blanks = [f for f in r["findings"] if f["code"] == "cell.blank"]
    assert len(blanks) == 135
    assert {"requests.granted.6", "remedies.litigation_after_reconsideration.4"} <= {f["cells"][0] for f in blanks}


def test_shanghai_office_2025(inspected):
    r = inspected["shanghai-shizhengfu-bangongting_2025.txt"]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2025, "上海市人民政府办公厅")
    p = r["proactive"]
    assert p["rules"] == {"issued": 22, "repealed": None, "in_force": 235}  # "22（其中修订16件）", blank
    assert p["normative_documents"] == {"issued": 34, "repealed": 55, "in_force": 189}  # "55（含自然失效29件）"
    assert (p["licensing"], p["penalty"], p["enforcement"]) == ({"decisions": 0},) * 3
    assert p["fees"] == {"amount_wan": "0"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        """
        1259 36 0 0 0 0 1295
        170 15 0 0 4 0 189
        201 5 0 0 0 0 206
        2 0 0 0 0 0 2
        4 0 0 0 0 0 4
        0 0 0 0 0 0 0
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        8 0 0 0 1 0 9
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        5 0 0 0 0 0 5
        484 28 0 0 1 0 513
        47 1 0 0 0 0 48
        3 0 0 0 0 0 3
        61 1 0 0 0 0 62
        16 0 0 0 0 0 16
        1 0 0 0 0 0 1
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        40 1 0 0 2 0 43
        0 0 0 0 0 0 0
        264 12 0 0 0 0 276
        1139 48 0 0 4 0 1191
        290 3 0 0 0 0 293
        """,
        "40 0 10 5 55\n2 0 4 6 12\n6 0 9 7 22",
    )
    # Real mistakes: 规章 本年废止件数 left blank; no "五、…" heading (the part starts at its （一）).
    assert codes(r) == {"cell.blank", "section.heading"}
    assert [f["cells"] for f in r["findings"] if f["code"] == "cell.blank"] == [["proactive.rules.repealed"]]
    assert r["sections"]["五"].startswith("（一）2024 年工作中存在问题的改进情况")
    assert r["sections"]["四"] == "注：行政复议、行政诉讼数量含上年度结转数量。"


def test_shanghai_science_commission_2024(inspected):
    r = inspected["shanghai-shikewei_2024.txt"]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2024, "上海市科委")
    p = r["proactive"]
    assert p["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert p["normative_documents"] == {"issued": 13, "repealed": 0, "in_force": 55}  # printed "规范性文件"
    assert (p["licensing"], p["penalty"], p["enforcement"]) == ({"decisions": 97}, {"decisions": 0}, {"decisions": 0})
    check_tables(
        r,
        FORMAT_2021.request_keys,
        f"""
        32 2 0 0 0 0 34
        2 0 0 0 0 0 2
        9 0 0 0 0 0 9
        {zeros(5)}
        1 0 0 0 0 0 1
        1 0 0 0 0 0 1
        {zeros(2)}
        4 0 0 0 0 0 4
        6 0 0 0 0 0 6
        {zeros(6)}
        8 2 0 0 0 0 10
        0 0 0 0 0 0 0
        4 0 0 0 0 0 4
        33 2 0 0 0 0 35
        1 0 0 0 0 0 _
        """,
        "1 0 0 0 1\n0 0 0 0 0\n0 0 0 0 0",
    )
    # Real mistakes: 结转下年度 总计 blank; sections renumbered (tables as 一/二/三, 其他事项 as 五),
    # and no heading for 存在的主要问题及改进情况.
    assert codes(r) == {"cell.blank", "section.heading"}
    assert [f["cells"] for f in r["findings"] if f["code"] == "cell.blank"] == [["requests.carried_out.6"]]
    headings = [f["where"] for f in r["findings"] if f["code"] == "section.heading"]
    assert headings == ["第二部分", "第三部分", "第四部分", "第五部分", "第六部分"]
    assert r["sections"]["六"].startswith("本年度信息公开处理费收费情况")


def test_huaian_city_2024(inspected):
    r = inspected["huaian-shi-gov_2024.txt"]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2024, "淮安市人民政府")
    p = r["proactive"]
    assert p["rules"] == {"issued": 1, "repealed": 0, "in_force": 11}
    assert p["normative_documents"] == {"issued": 8, "repealed": 26, "in_force": 66}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 447228},
        {"decisions": 3985758},
        {"decisions": 88283},
    )
    assert p["fees"] == {"amount_wan": "96171.6"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        """
        3001 53 0 0 61 4 3119
        34 0 0 0 0 0 34
        1288 21 0 0 50 3 1362
        447 7 0 0 0 0 454
        2 0 0 0 0 0 2
        30 1 0 0 0 0 31
        5 0 0 0 0 0 5
        6 0 0 0 0 0 6
        7 1 0 0 0 0 8
        12 0 0 0 0 0 12
        9 0 0 0 0 0 9
        105 0 0 0 0 0 105
        746 12 0 0 10 1 769
        11 0 0 0 0 0 11
        1 0 0 0 0 0 1
        56 6 0 0 0 0 62
        25 0 0 0 0 0 25
        0 0 0 0 0 0 0
        0 0 0 0 0 0 0
        1 0 0 0 0 0 1
        67 3 0 0 1 0 71
        6 0 0 0 0 0 6
        108 2 0 0 0 0 110
        2932 53 0 0 61 4 3050
        103 0 0 0 0 0 103
        """,
        "72 64 178 37 351\n13 4 8 1 26\n12 1 1 6 20",
    )
    # Consistent: 6 applications lapsed for unpaid fees and section 六 reports the fees collected.
    assert codes(r) == set()


def test_hongze_district_2023(inspected):
    r = inspected["huaian-hongzequ-gov_2023.txt"]
    # The 2021 table 二 with a one-row （六）其他处理 (2019 table 三): the formats are mixed.
    assert (r["format"], r["year"], r["agency"]) == ("mixed", 2023, "洪泽区人民政府")
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 0, "repealed": 5, "in_force": 5}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 550},
        {"decisions": 4119},
        {"decisions": 195},
    )
    assert p["fees"] == {"amount_wan": "7730.28"}
    check_tables(
        r,
        MIXED_KEYS,
        f"""
        21 0 0 0 0 0 21
        {zeros(2)}
        4 0 0 0 0 0 4
        1 0 0 0 0 0 1
        {zeros(4)}
        1 0 0 0 0 0 1
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        10 0 0 0 0 0 10
        3 0 0 0 0 0 3
        0 0 0 0 0 0 0
        1 0 0 0 0 0 1
        {zeros(5)}
        21 0 0 0 0 0 21
        0 0 0 0 0 0 0
        """,
        "10 1 0 0 0\n0 0 0 0 0\n5 0 0 0 0",
    )
    # Real mistakes: old （六） row in a 2023 report; 行政复议 and 复议后起诉 totals 0 beside 11 and 5 cases.
    assert codes(r) == {"format.version", "remedies.total"}
    assert sorted(f["where"] for f in r["findings"] if f["code"] == "remedies.total") == [
        "表四 行政复议 · 总计",
        "表四 行政诉讼 · 复议后起诉 · 总计",
    ]
    assert [f["cells"][-1] for f in r["findings"] if f["code"] == "remedies.total"] == [
        "remedies.reconsideration.4",
        "remedies.litigation_after_reconsideration.4",
    ]


def test_hongze_district_2024(inspected):
    r = inspected["huaian-hongzequ-gov_2024.txt"]
    assert (r["format"], r["year"], r["agency"]) == ("mixed", 2024, "淮安市洪泽区人民政府")
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 3, "repealed": 0, "in_force": 8}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 9487},
        {"decisions": 2776},
        {"decisions": 84},
    )
    assert p["fees"] == {"amount_wan": "7545"}
    check_tables(
        r,
        MIXED_KEYS,
        f"""
        95 0 0 0 0 0 95
        0 0 0 0 0 0 0
        50 0 0 0 0 0 50
        9 0 0 0 0 0 9
        {zeros(2)}
        1 0 0 0 0 0 1
        {zeros(2)}
        1 0 0 0 0 0 1
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        31 0 0 0 0 0 31
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        1 0 0 0 0 0 1
        {zeros(5)}
        95 0 0 0 0 0 95
        0 0 0 0 0 0 0
        """,
        "1 1 0 0 2\n1 0 0 0 1\n2 0 1 0 3",
    )
    # Real mistakes: mixed formats again; the text says 17 applications, the table 95. Compared
    # with 2023 (same district, "洪泽区人民政府"): carry-over 0 = 0, 规范性文件 5 + 3 − 0 = 8.
    assert codes(r) == {"format.version", "narrative.mismatch"}
    assert "17" in messages(r, "narrative.mismatch")[0] and "95" in messages(r, "narrative.mismatch")[0]


PINGTAN = "pingtan-zonghe-shiyanqu_{}.txt"


def test_pingtan_2019(inspected):
    r = inspected[PINGTAN.format(2019)]
    assert (r["format"], r["year"], r["agency"]) == ("2019", 2019, "平潭综合实验区")
    p = r["proactive"]
    assert p["normative_documents"] == {"made": 89, "published": 89, "total_public": 89}
    assert p["licensing"] == {"previous_items": 396, "change": 0, "decisions": 181}
    assert p["other_services"] == {"previous_items": 10, "change": 0, "decisions": 153}
    assert p["penalty"] == {"previous_items": 2648, "change": 0, "decisions": 430}
    assert p["enforcement"] == {"previous_items": 126, "change": 0, "decisions": 25}
    assert p["fees"] == {"previous_items": 35, "change": 0}
    assert p["procurement"] == {"projects": 135, "amount_wan": "7539.443252"}  # "75394432.52元"
    check_tables(
        r,
        FORMAT_2019.request_keys,
        f"""
        23 0 0 0 0 0 23
        0 0 0 0 0 0 0
        7 0 0 0 0 0 7
        1 0 0 0 0 0 1
        {zeros(8)}
        7 0 0 0 0 0 7
        0 0 0 0 0 0 0
        5 0 0 0 0 0 5
        0 0 0 0 0 0 0
        3 0 0 0 0 0 3
        {zeros(4)}
        23 0 0 0 0 0 23
        0 0 0 0 0 0 0
        """,
        "0 0 0 0 0\n0 0 0 0 0\n0 0 0 0 0",
    )
    assert codes(r) == set()


def test_pingtan_2020(inspected):
    r = inspected[PINGTAN.format(2020)]
    assert (r["format"], r["year"], r["agency"]) == ("2019", 2020, "平潭综合实验区")
    p = r["proactive"]
    assert p["rules"] == {"made": 0, "published": 0, "total_public": 7}
    assert p["normative_documents"] == {"made": 77, "published": 77, "total_public": 166}
    assert p["penalty"] == {"previous_items": 2648, "change": -18, "decisions": 538}
    assert p["fees"] == {"previous_items": 35, "change": -15}
    assert p["procurement"] == {"projects": 395, "amount_wan": "7380.28959"}
    check_tables(
        r,
        FORMAT_2019.request_keys,
        f"""
        20 0 0 0 0 1 21
        0 0 0 0 0 0 0
        6 0 0 0 0 1 7
        6 0 0 0 0 0 6
        {zeros(8)}
        4 0 0 0 0 0 4
        0 0 0 0 0 0 0
        3 0 0 0 0 0 3
        0 0 0 0 0 0 0
        3 0 0 0 0 0 3
        {zeros(3)}
        4 0 0 0 0 0 4
        20 0 0 0 0 1 21
        0 0 0 0 0 0 0
        """,
        "0 0 0 0 0\n0 0 0 0 0\n0 0 0 0 0",
    )
    # Real mistake: the outcomes add up to 26 (自然人) and 27 (总计), but （七）总计 says 20 and 21.
    assert codes(r) == {"requests.outcome_total"}
    assert sorted(messages(r, "requests.outcome_total")) == [
        "“总计”列：各项办理结果之和为27，与（七）总计21不符",
        "“自然人”列：各项办理结果之和为26，与（七）总计20不符",
    ]
    marked = {cell for f in r["findings"] for cell in f["cells"]}
    assert {"requests.total.0", "requests.other.0", "requests.total.6", "requests.granted.6"} <= marked


def test_pingtan_2021(inspected):
    r = inspected[PINGTAN.format(2021)]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2021, "平潭综合实验区")
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 69, "repealed": 3, "in_force": 665}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 2293},
        {"decisions": 1282},
        {"decisions": 42},
    )
    assert p["fees"] == {"amount_wan": "24252.311082"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        f"""
        64 0 0 2 0 4 70
        0 0 0 0 0 0 0
        27 0 0 2 0 1 30
        5 0 0 0 0 0 5
        {zeros(4)}
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        6 0 0 0 0 0 6
        1 0 0 0 0 0 1
        22 0 0 0 0 3 25
        {zeros(9)}
        1 0 0 0 0 0 1
        63 0 0 2 0 4 69
        1 0 0 0 0 0 1
        """,
        "1 0 2 0 3\n12 0 0 0 12\n0 0 0 0 0",
    )
    assert codes(r) == set()  # carry-over from 2020 (2019 format) is 0 = 0


def test_pingtan_2022(inspected):
    r = inspected[PINGTAN.format(2022)]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2022, "平潭综合实验区")
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 88, "repealed": 55, "in_force": 698}  # = 665 + 88 − 55
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 10690},
        {"decisions": 2113},
        {"decisions": 0},
    )
    assert p["fees"] == {"amount_wan": "9116.36"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        f"""
        71 3 0 0 0 0 74
        1 0 0 0 0 0 1
        21 0 0 0 0 0 21
        8 1 0 0 0 0 9
        {zeros(4)}
        1 0 0 0 0 0 1
        2 0 0 0 0 0 2
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        37 0 0 0 0 0 37
        {zeros(7)}
        2 0 0 0 0 0 2
        0 0 0 0 0 0 0
        0 2 0 0 0 0 2
        72 3 0 0 0 0 75
        0 0 0 0 0 0 0
        """,
        "0 1 1 0 2\n1 0 0 0 1\n0 0 0 0 0",
    )
    # Real mistake: "收到政府信息公开申请75件" (new + carried over) but 本年新收 is 74.
    assert codes(r) == {"narrative.mismatch"}
    assert "75" in messages(r, "narrative.mismatch")[0] and "74" in messages(r, "narrative.mismatch")[0]


def test_pingtan_2023(inspected):
    r = inspected[PINGTAN.format(2023)]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2023, "平潭综合实验区")
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 77, "repealed": 132, "in_force": 470}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 2629},
        {"decisions": 1330},
        {"decisions": 54},
    )
    assert p["fees"] == {"amount_wan": "5949.088667"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        f"""
        80 1 0 0 0 0 81
        0 0 0 0 0 0 0
        22 0 0 0 0 0 22
        19 1 0 0 0 0 20
        {zeros(3)}
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        1 0 0 0 0 0 1
        1 0 0 0 0 0 1
        2 0 0 0 0 0 2
        31 0 0 0 0 0 31
        {zeros(3)}
        1 0 0 0 0 0 1
        {zeros(3)}
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        1 0 0 0 0 0 1
        80 1 0 0 0 0 81
        0 0 0 0 0 0 0
        """,
        "1 1 0 0 2\n4 0 0 1 5\n1 0 1 0 2",
    )
    # Real mistakes: the text says 393 行政规范性文件 in force, the table 470; and 470 ≠ 698 + 77 − 132.
    assert codes(r) == {"narrative.mismatch", "in_force.drift"}
    assert "393" in messages(r, "narrative.mismatch")[0] and "470" in messages(r, "narrative.mismatch")[0]
    assert messages(r, "in_force.drift") == ["行政规范性文件现行有效470件，但上年698+本年制发77−本年废止132=643件"]


def test_pingtan_2024(inspected):
    r = inspected[PINGTAN.format(2024)]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2024, "平潭综合实验区")
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 62, "repealed": 33, "in_force": 440}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 4529},
        {"decisions": 1100},
        {"decisions": 65},
    )
    assert p["fees"] == {"amount_wan": "18651.06"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        f"""
        217 1 0 0 0 0 218
        0 0 0 0 0 0 0
        71 0 0 0 0 0 71
        29 0 0 0 0 0 29
        4 0 0 0 0 0 4
        {zeros(2)}
        3 0 0 0 0 0 3
        32 0 0 0 0 0 32
        {zeros(3)}
        75 0 0 0 0 0 75
        {zeros(3)}
        1 0 0 0 0 0 1
        {zeros(3)}
        1 0 0 0 0 0 1
        0 0 0 0 0 0 0
        1 1 0 0 0 0 2
        217 1 0 0 0 0 218
        0 0 0 0 0 0 0
        """,
        "2 1 3 1 7\n0 0 0 0 0\n13 2 4 0 19",
    )
    assert codes(r) == {"in_force.drift"}  # 440 ≠ 470 + 62 − 33
    assert messages(r, "in_force.drift") == ["行政规范性文件现行有效440件，但上年470+本年制发62−本年废止33=499件"]


def test_pingtan_2025(inspected):
    r = inspected[PINGTAN.format(2025)]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2025, "平潭综合实验区")
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 58, "repealed": 45, "in_force": 546}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 2418},
        {"decisions": 644},
        {"decisions": 64},
    )
    assert p["fees"] == {"amount_wan": "4166.241619"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        f"""
        151 3 0 0 0 0 154
        0 0 0 0 0 0 0
        33 0 0 0 0 0 33
        38 0 0 0 0 0 38
        {zeros(4)}
        3 0 0 0 0 0 3
        2 0 0 0 0 0 2
        3 0 0 0 0 0 3
        3 0 0 0 0 0 3
        49 1 0 0 0 0 50
        3 0 0 0 0 0 3
        0 0 0 0 0 0 0
        2 0 0 0 0 0 2
        {zeros(4)}
        8 0 0 0 0 0 8
        2 0 0 0 0 0 2
        1 0 0 0 0 0 1
        147 1 0 0 0 0 148
        4 2 0 0 0 0 6
        """,
        "25 3 8 0 36\n3 3 0 0 6\n3 0 0 0 3",
    )
    # 2 applications lapsed for unpaid fees, and section 六 speaks of 信息处理费: no fees.unreported.
    assert codes(r) == {"in_force.drift"}  # 546 ≠ 440 + 58 − 45
    assert messages(r, "in_force.drift") == ["行政规范性文件现行有效546件，但上年440+本年制发58−本年废止45=453件"]


def test_shuyang_county_2025(inspected):
    r = inspected["suqian-shuyangxian-gov_2025.txt"]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2025, "沐阳县人民政府")  # misprinted 沭 as printed
    p = r["proactive"]
    assert p["normative_documents"] == {"issued": 6, "repealed": 1, "in_force": 32}
    assert (p["licensing"], p["penalty"], p["enforcement"]) == (
        {"decisions": 517645},
        {"decisions": 693957},
        {"decisions": 2154},
    )
    assert p["fees"] == {"amount_wan": "4068.208"}
    check_tables(
        r,
        FORMAT_2021.request_keys,
        f"""
        705 3 0 0 5 0 713
        36 0 0 0 0 0 36
        290 1 0 0 3 0 294
        99 0 0 0 2 0 101
        {zeros(2)}
        2 0 0 0 0 0 2
        2 0 0 0 0 0 2
        13 0 0 0 0 0 13
        2 0 0 0 0 0 2
        4 0 0 0 0 0 4
        9 0 0 0 0 0 9
        111 0 0 0 0 0 111
        2 0 0 0 0 0 2
        0 0 0 0 0 0 0
        12 0 0 0 0 0 12
        6 1 0 0 0 0 7
        {zeros(3)}
        9 0 0 0 0 0 9
        7 0 0 0 0 0 7
        142 1 0 0 0 0 143
        710 3 0 0 5 0 718
        31 0 0 0 0 0 31
        """,
        "27 10 9 15 61\n3 0 0 0 3\n8 0 1 1 10",
    )
    # Real mistake: "受理政府信息公开申请 749 件" counts last year's 36 with this year's 713.
    assert codes(r) == {"narrative.mismatch"}
    assert "749" in messages(r, "narrative.mismatch")[0] and "713" in messages(r, "narrative.mismatch")[0]


def test_shuyang_development_reform_bureau_2023(inspected):
    r = inspected["suqian-shuyangxian-fagaiju_2023.txt"]
    assert (r["format"], r["year"], r["agency"]) == ("2021", 2023, "沭阳县发展和改革局")
    p = r["proactive"]
    assert p["rules"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert p["normative_documents"] == {"issued": 8, "repealed": 0, "in_force": 18}
    assert p["fees"] == {"amount_wan": "0"}
    blank_row = "0 _ _ _ _ _ 0"
    check_tables(
        r,
        FORMAT_2021.request_keys,
        "\n".join(["26 _ _ _ _ _ 26", blank_row, "26 _ _ _ _ _ 26", *[blank_row] * 20, "26 _ _ _ _ _ 26", blank_row]),
        "0 0 0 1 1\n0 0 0 0 0\n0 0 0 0 0",
    )
    # Real mistake: the five organisation columns of table 三 left blank (125 cells).
    assert codes(r) == {"cell.blank"}
    assert len(messages(r, "cell.blank")) == 125
    assert r["sections"]["五"].startswith("（一）存在的主要问题")  # heading "存在的主要问题及整改措施"


def test_each_report_alone_has_no_cross_year_findings():
    """The cross-year rules need the previous report: inspected alone, pingtan 2024 has none."""
    alone = inspect_document(read(REPORTS / PINGTAN.format(2024)))
    assert codes(alone) == set()


def test_the_pingtan_series_is_checked_year_on_year():
    """Inspected together, consecutive pingtan reports are compared: a carry-over that does not
    match last year's 结转下年度 is reported, as is every 现行有效 drift."""
    docs = [read(REPORTS / PINGTAN.format(year)) for year in range(2019, 2026)]
    text = (REPORTS / PINGTAN.format(2022)).read_text(encoding="utf-8")
    carried = "\t二、上年结转政府信息公开申请数量\n\t1\n"
    assert carried in text
    docs[3] = read_txt(text.replace(carried, "\t二、上年结转政府信息公开申请数量\n\t2\n").encode(), "pingtan-2022.txt")
    results = {r["year"]: r for r in inspect_many(docs)}
    assert "carryover.mismatch" in codes(results[2022])
    assert messages(results[2022], "carryover.mismatch") == ["“自然人”列：上年结转2件，但2021年度报告结转下年度为1件"]
    assert [year for year, r in sorted(results.items()) if "in_force.drift" in codes(r)] == [2023, 2024, 2025]
