import datetime as dt

import pytest
from chinese_calendar import constants

from gongkai.statute.calendar import DayOverride, WorkCalendar
from gongkai.statute.clock import Pause, reply_due
from gongkai.statute.outcomes import BY_KEY, BY_LABEL, KEYS_2019, KEYS_2021, OUTCOMES, remedy_notice
from gongkai.statute.receipt import ReceiptError, receipt_date
from gongkai.statute.text import bigrams, similarity

D = dt.date
CAL = WorkCalendar.build(
    [DayOverride(d, False, "节日") for d in constants.holidays]
    + [DayOverride(d, True, "调休") for d in constants.workdays],
    range(2004, 2027),
)


def test_reply_due_without_pauses_is_20_working_days():
    assert reply_due(CAL, start=D(2024, 9, 27), working_days=20).due_on == D(2024, 10, 30)


def test_pauses_add_only_their_working_days():
    result = reply_due(
        CAL, start=D(2024, 9, 27), working_days=20, pauses=[Pause(D(2024, 10, 5), D(2024, 10, 9), "征求意见")]
    )  # 10-05…07 holiday, 08, 09 work
    assert result.due_on == D(2024, 11, 1) and result.paused_working_days == 2
    overlapping = reply_due(
        CAL,
        start=D(2024, 9, 27),
        working_days=20,
        pauses=[Pause(D(2024, 10, 8), D(2024, 10, 9), "a"), Pause(D(2024, 10, 9), D(2024, 10, 10), "b")],
    )
    assert overlapping.paused_working_days == 3  # the union, not the sum


def test_unloaded_year_gives_a_provisional_date_not_an_error():
    result = reply_due(CAL, start=D(2026, 12, 20), working_days=20)
    assert result.provisional_years == {2027}
    assert "排除法定节假日" in result.explanation and "暂定" in result.explanation


@pytest.mark.parametrize(
    ("channel", "facts", "expected"),
    [
        ("online", {}, D(2024, 9, 28)),
        ("in_person", {}, D(2024, 9, 28)),
        ("registered_post", {"signed_on": D(2024, 9, 30)}, D(2024, 9, 30)),
        ("ordinary_post", {"confirmed_on": D(2024, 9, 28)}, D(2024, 9, 28)),
        ("email", {"confirmed_on": D(2024, 9, 30)}, D(2024, 9, 30)),
        ("fax", {"confirmed_on": D(2024, 9, 30)}, D(2024, 9, 30)),
    ],
)
def test_art31_rules(channel, facts, expected):
    assert receipt_date(channel, arrived_on=D(2024, 9, 28), calendar=CAL, **facts).received_on == expected


def test_an_earlier_reading_is_reported_as_a_risk():
    receipt = receipt_date("email", arrived_on=D(2024, 10, 5), confirmed_on=D(2024, 10, 8), calendar=CAL)
    assert receipt.earlier_reading_on == D(2024, 10, 5) and "请留意" in receipt.note


@pytest.mark.parametrize(
    ("channel", "facts"),
    [("registered_post", {}), ("fax", {}), ("pigeon", {}), ("email", {"confirmed_on": D(2024, 9, 1)})],
)
def test_missing_facts_are_refused(channel, facts):
    with pytest.raises(ReceiptError):
        receipt_date(channel, arrived_on=D(2024, 9, 28), **facts)


def test_taxonomy_matches_the_report_rows():
    assert len(OUTCOMES) == 21 and len(KEYS_2021) == 21
    assert KEYS_2019[-1] == "other" and len(KEYS_2019) == 19
    assert BY_LABEL["危及“三安全一稳定”"].key == "withheld_security_stability"
    assert BY_KEY["other_unpaid_fee"].key_2019 == "other"


def test_remedy_notice_requires_reconsideration_first_for_refusals_from_2024():
    refusal = BY_KEY["withheld_process_info"]
    assert "先" in remedy_notice(refusal, D(2024, 1, 1), reconsideration_body="区人民政府")
    assert "6个月" in remedy_notice(refusal, D(2023, 12, 29), reconsideration_body="区人民政府")
    assert "不予公开的部分" in remedy_notice(BY_KEY["partial"], D(2024, 5, 1), reconsideration_body="区人民政府")
    granted = remedy_notice(BY_KEY["granted"], D(2024, 5, 1), reconsideration_body="区人民政府")
    assert "60日" in granted and "6个月" in granted and "3个月" not in granted


def test_bigrams_and_similarity():
    assert bigrams("政府信息公开") == {"政府", "府信", "信息", "息公", "公开"}
    assert bigrams("２０２４年 ABC") == {"2024", "年", "abc"}
    assert similarity("申请公开道路硬化工程招标文件", "申请公开道路硬化工程的招标文件") > 0.7
    assert similarity("道路硬化", "低保名单") == 0
