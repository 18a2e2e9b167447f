"""The self-check's 标准目录 findings: items past their 公开时限, and an agency without a list.

Pure Python; ``statute.sitecheck.evaluate`` calls ``directory_findings``. The reading is in
docs/decisions/0022-standard-directory.md (addendum "In the self-check"): an item whose 时限 rule
expected a publication by the check date that is still missing is a deduction finding (扣分项,
never a veto: the 单项否决 list of 国办秘函〔2019〕19号 is closed), one finding for the whole
list with one line per area; an agency assessed on the 基层政务公开标准目录 that keeps no list
gets a note (提示); any other agency without one gets nothing.
"""

from __future__ import annotations

from .site_state import DirectoryState, Finding, Severity

OVERDUE_CODE = "directory.overdue"
MISSING_CODE = "directory.missing"
INDICATOR = "标准目录落实情况"

# Agencies assessed on the 基层政务公开标准目录 (国办发〔2019〕54号: 县级政府部门 and 乡镇): any
# township-level agency, and the departments of a county-level (县、区) government.
COUNTY_LEVELS = frozenset({"county", "district"})


def expects_standard_directory(*, kind: str, level: str) -> bool:
    """Whether an agency of this kind (Agency.Kind value) and level (Agency.Level value) keeps a 标准目录."""
    if level == "township":
        return True
    return kind == "department" and level in COUNTY_LEVELS


def directory_findings(directory: DirectoryState | None) -> list[Finding]:
    if directory is None:
        return []
    if not directory.kept:
        if not directory.expected:
            return []
        return [
            Finding(
                MISSING_CODE,
                Severity.INFO,
                INDICATOR,
                "本机关尚未在本平台建立基层政务公开标准目录（主动公开全清单），未能核对目录事项是否按时公开",
            )
        ]
    if not directory.overdue:
        return []
    by_area: dict[str, list[str]] = {}
    for entry in directory.overdue:
        due = "；".join(entry.due)
        by_area.setdefault(entry.area, []).append(f"{entry.item}（{entry.department}；{due}）")
    publications = sum(len(entry.due) for entry in directory.overdue)
    return [
        Finding(
            OVERDUE_CODE,
            Severity.DEDUCTION,
            INDICATOR,
            f"标准目录中有{len(directory.overdue)}个事项超过公开时限仍未公开"
            f"（共{publications}次应公开未公开，涉及{len(by_area)}个领域）",
            tuple(f"{area}：{'、'.join(lines)}" for area, lines in by_area.items()),
        )
    ]
