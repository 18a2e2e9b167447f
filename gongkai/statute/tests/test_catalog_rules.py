"""Catalogue rules: Art. 20/21 items, 索引号, 发文字号, date sanity and Art. 26 timeliness."""

import datetime as dt

import pytest

from gongkai.statute.calendar import DayOverride, WorkCalendar
from gongkai.statute.catalog import (
    ALL_ITEMS,
    ART20_ITEMS,
    INDEX_NUMBER,
    check_dates,
    check_document_number,
    check_timeliness,
    format_index_number,
    items_for_level,
)

D = dt.date
# 2024 National Day: 10-01…10-07 off, 09-29 and 10-12 make-up working days.
CAL = WorkCalendar.build(
    [DayOverride(D(2024, 10, d), False, "国庆节") for d in range(1, 8)]
    + [DayOverride(D(2024, 9, 29), True, "调休上班"), DayOverride(D(2024, 10, 12), True, "调休上班")],
    [2024],
)


def test_art20_has_fifteen_items_with_exact_labels():
    assert len(ART20_ITEMS) == 15
    assert ART20_ITEMS["20-1"] == "（一）行政法规、规章和规范性文件"
    assert ART20_ITEMS["20-15"].startswith("（十五）法律、法规、规章和国家有关规定规定应当主动公开")


@pytest.mark.parametrize(
    ("level", "has", "lacks"),
    [
        ("township", "21-township-4", "21-county-1"),
        ("county", "21-county-6", "21-township-1"),
        ("district", "21-county-1", "21-township-1"),
        ("province", "20-7", "21-county-1"),
    ],
)
def test_items_for_level(level, has, lacks):
    items = items_for_level(level)
    assert has in items and lacks not in items
    assert set(items) <= set(ALL_ITEMS)


def test_index_number_format():
    number = format_index_number("11110109310000018X", 2024, 3)
    assert number == "11110109310000018X/2024-00003"
    assert INDEX_NUMBER.match(number)
    with pytest.raises(ValueError):
        format_index_number("11110109310000018X", 2024, 100000)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("门政发〔2024〕3号", None),
        ("京门政办发〔2024〕125号", None),
        ("", None),
        ("门政发【2024】3号", "六角括号"),
        ("门政发[2024]3号", "六角括号"),
        ("门政发［2024］3号", "六角括号"),
        ("门政发(2024)3号", "六角括号"),
        ("门政发（2024）3号", "六角括号"),
        ("门政发〔2024〕03号", "不编虚位"),
        ("门政发〔2024〕0号", "不能为0"),
        ("门政发〔1890〕3号", "不合理"),
        ("门政发〔2099〕3号", "不合理"),
        ("门政发〔2023〕3号", "不一致"),
        ("门政发2024年3号", "格式应为"),
        ("门政发〔2024〕3", "格式应为"),
    ],
)
def test_document_number(number, problem):
    problems = check_document_number(number, written_on=D(2024, 3, 1), today=D(2024, 6, 1))
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def test_published_before_written():
    assert check_dates(written_on=D(2024, 3, 2), published_on=D(2024, 3, 1))
    assert check_dates(written_on=D(2024, 3, 1), published_on=D(2024, 3, 1)) == []


@pytest.mark.parametrize(
    ("written", "published", "late"),
    [
        (D(2024, 9, 20), D(2024, 10, 23), False),  # 20th working day, across National Day and 2 make-up days
        (D(2024, 9, 20), D(2024, 10, 24), True),
        (D(2024, 3, 1), D(2024, 3, 29), False),
        (D(2024, 3, 1), D(2024, 4, 1), True),
        (D(2024, 3, 1), D(2024, 2, 1), False),
    ],
)
def test_art26_timeliness(written, published, late):
    result = check_timeliness(written_on=written, published_on=published, calendar=CAL)
    assert result.late is late
    assert not result.provisional
    assert ("第二十六条" in result.message) is late


def test_art26_provisional_for_unloaded_year():
    result = check_timeliness(written_on=D(2024, 12, 20), published_on=D(2025, 3, 1), calendar=CAL)
    assert result.late and result.provisional
    assert "暂按" in result.message
    assert "应于 2025-01-20 前公开" in result.message  # 2025-01-01 is 元旦 by law (decision 0016)
