"""The annual report's draft narrative carries the 标准目录 figures (重点领域)."""

import datetime as dt


def test_the_annual_report_draft_names_the_key_areas(agency_a, office_head_a, clerk_a):
    from gongkai.directories.tests.factories import DirectoryItemFactory
    from gongkai.reports import services as report_services
    from gongkai.reports.builder import build_report_data

    DirectoryItemFactory(
        agency=agency_a, area="财政预决算", deadline_text="每年3月底前", tracked_from=dt.date(2024, 1, 1)
    )
    DirectoryItemFactory(agency=agency_a, area="机关信息", level1="机构职能", deadline_text="按有关规定时限公开")
    report = report_services.start_report(actor=clerk_a, agency=agency_a, year=2024)
    data = build_report_data(agency=agency_a, year=2024, report=report)
    assert (
        "对照本机关主动公开全清单（标准目录）2个领域2项事项，截至2024年12月31日按公开时限应公开1次，"
        "按时公开0次，逾期后公开0次，逾期未公开1次。其中重点领域：财政预决算领域1项事项应公开1次、已公开0次。"
    ) in data["sections"]["一"]
