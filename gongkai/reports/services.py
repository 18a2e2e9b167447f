"""The report's workflow: save → submit → return/accept → publish (frozen) → correct (new version)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Role
from gongkai.statute.reports import FORMATS, format_for_year
from gongkai.statute.reports.formats import FIRST_REPORT_YEAR

from .builder import build_report_data, current_report
from .models import AnnualReport

EDIT_ROLES = {Role.CLERK, Role.OFFICE_HEAD, Role.ADMINISTRATOR}
PUBLISH_ROLES = {Role.OFFICE_HEAD, Role.LEADER, Role.ADMINISTRATOR}
REVIEW_ROLES = {Role.SUPERVISOR, Role.OFFICE_HEAD, Role.ADMINISTRATOR}
EDITABLE = {AnnualReport.Status.DRAFT, AnnualReport.Status.RETURNED}


def _require(actor, agency: Agency, roles: set[str], what: str) -> None:
    if actor is not None and not roles_in(actor, agency) & roles:
        raise PermissionDenied(f"您没有{what}的权限")


def require_reviewer(actor, agency: Agency) -> None:
    """The supervising office: a reviewing role in an agency above this one."""
    if actor is None:
        return
    ancestor = agency.parent
    while ancestor is not None:
        if roles_in(actor, ancestor) & REVIEW_ROLES:
            return
        ancestor = ancestor.parent
    raise PermissionDenied("只有上级政府信息公开工作主管部门可以审核本报告")


def _event(report: AnnualReport, code: str, summary: str, actor, actor_label: str = "", **data) -> None:
    record_event(
        code=code,
        summary=f"{report.year}年度报告：{summary}",
        actor=actor,
        actor_label=actor_label,
        agency=report.agency,
        target=report,
        data=data,
    )


@transaction.atomic
def start_report(
    *, actor, agency: Agency, year: int, fmt_code: str | None = None, actor_label: str = ""
) -> AnnualReport:
    """Create the draft of ``year`` (the format in force unless another is chosen explicitly)."""
    _require(actor, agency, EDIT_ROLES, "编制年度报告")
    this_year = timezone.localdate().year
    if not FIRST_REPORT_YEAR <= year <= this_year:
        raise ValidationError(
            {"year": f"报告年度应在{FIRST_REPORT_YEAR}年至{this_year}年之间（本系统按2019年试行格式和2021年格式编制）"}
        )
    existing = current_report(agency, year)
    if existing is not None:
        return existing
    fmt = fmt_code or format_for_year(year).code
    if fmt not in FORMATS:
        raise ValidationError({"format": "格式应为2019或2021"})
    report = AnnualReport.objects.create(agency=agency, year=year, format=fmt, created_by=actor)
    report.sections = build_report_data(agency=agency, year=year, report=report)["sections"]
    report.save(update_fields=["sections"])
    _event(report, "report.started", f"开始编制（{FORMATS[fmt].name}）", actor, actor_label, format=fmt)
    return report


@transaction.atomic
def save_report(
    *,
    actor,
    report: AnnualReport,
    entered: dict | None = None,
    sources: dict | None = None,
    sections: dict | None = None,
    fmt_code: str | None = None,
    actor_label: str = "",
) -> AnnualReport:
    _require(actor, report.agency, EDIT_ROLES, "编辑年度报告")
    report = _lock(report)
    if report.status not in EDITABLE:
        raise ValidationError(f"报告状态为“{report.get_status_display()}”，不能修改")
    changed = []
    if entered is not None:
        report.entered, changed = entered, [*changed, "entered"]
    if sources is not None:
        report.sources, changed = sources, [*changed, "sources"]
    if sections is not None:
        report.sections, changed = sections, [*changed, "sections"]
    if fmt_code is not None and fmt_code != report.format:
        if fmt_code not in FORMATS:
            raise ValidationError({"format": "格式应为2019或2021"})
        report.format, changed = fmt_code, [*changed, "format"]
    report.save(update_fields=[*changed, "updated_at"])
    findings = build_report_data(agency=report.agency, year=report.year, report=report)["findings"]
    _event(
        report,
        "report.saved",
        f"保存（{len(findings)}项提示）",
        actor,
        actor_label,
        fields=changed,
        errors=sum(f["severity"] == "error" for f in findings),
    )
    return report


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def _move(report: AnnualReport, allowed: set[str], to: str, actor, code: str, summary: str, **data) -> AnnualReport:
    """Change the status of a locked report, if its current status allows the step."""
    if report.status not in allowed:
        raise ValidationError(f"报告状态为“{report.get_status_display()}”，不能{summary}")
    report.status = to
    report.save(update_fields=["status", "review_comment", "updated_at"])
    _event(report, code, summary, actor, **data)
    return report


@transaction.atomic
def submit_report(*, actor, report: AnnualReport) -> AnnualReport:
    _require(actor, report.agency, PUBLISH_ROLES | {Role.CLERK}, "报送年度报告")
    return _move(_lock(report), EDITABLE, AnnualReport.Status.SUBMITTED, actor, "report.submitted", "报送上级审核")


@transaction.atomic
def return_report(*, actor, report: AnnualReport, comment: str) -> AnnualReport:
    require_reviewer(actor, report.agency)
    if not comment.strip():
        raise ValidationError({"comment": "退回时请写明修改意见"})
    report = _lock(report)
    report.review_comment = comment.strip()
    return _move(
        report,
        {AnnualReport.Status.SUBMITTED},
        AnnualReport.Status.RETURNED,
        actor,
        "report.returned",
        "退回修改",
        comment=report.review_comment,
    )


@transaction.atomic
def accept_report(*, actor, report: AnnualReport) -> AnnualReport:
    require_reviewer(actor, report.agency)
    return _move(
        _lock(report),
        {AnnualReport.Status.SUBMITTED},
        AnnualReport.Status.ACCEPTED,
        actor,
        "report.accepted",
        "审核通过",
    )


@transaction.atomic
def publish_report(
    *,
    actor,
    report: AnnualReport,
    published_on: dt.date | None = None,
    override_reason: str = "",
    actor_label: str = "",
) -> AnnualReport:
    """Publish and freeze. Errors block unless an override reason is given (and logged)."""
    from .rendering.docx import render_docx
    from .rendering.html import render_html
    from .rendering.pdf import render_pdf

    _require(actor, report.agency, PUBLISH_ROLES, "公布年度报告")
    report = _lock(report)
    if report.status not in {AnnualReport.Status.ACCEPTED, *EDITABLE, AnnualReport.Status.SUBMITTED}:
        raise ValidationError(f"报告状态为“{report.get_status_display()}”，不能公布")
    report.published_on = published_on or timezone.localdate()
    data = build_report_data(agency=report.agency, year=report.year, report=report)
    errors = [f for f in data["findings"] if f["severity"] == "error"]
    if errors and not override_reason.strip():
        listed = "；".join(f["message"] for f in errors[:3])
        raise ValidationError(f"报告存在{len(errors)}项错误（{listed}），请修改；如确需公布，请填写理由")
    report.snapshot, report.override_reason = data, override_reason.strip()
    report.docx, report.html, report.pdf = render_docx(data), render_html(data), render_pdf(data)
    report.status = AnnualReport.Status.PUBLISHED
    report.save()
    _event(
        report,
        "report.published",
        f"公布（{report.published_on.isoformat()}）",
        actor,
        actor_label,
        errors=len(errors),
        override_reason=report.override_reason,
        late=any(f["code"] == "publication.late" for f in data["findings"]),
    )
    return report


@transaction.atomic
def correct_report(*, actor, report: AnnualReport, note: str) -> AnnualReport:
    """A correction of a published report: a new, visibly marked draft version."""
    _require(actor, report.agency, EDIT_ROLES, "更正年度报告")
    if report.status != AnnualReport.Status.PUBLISHED:
        raise ValidationError("只有已公布的报告需要更正；草稿可以直接修改")
    if not note.strip():
        raise ValidationError({"note": "请说明更正的内容和原因"})
    latest = current_report(report.agency, report.year)
    if latest.pk != report.pk:
        raise ValidationError("该报告已有更新的版本")
    correction = AnnualReport.objects.create(
        agency=report.agency,
        year=report.year,
        version=report.version + 1,
        format=report.format,
        entered=report.entered,
        sources=report.sources,
        sections=report.sections,
        corrects=report,
        correction_note=note.strip(),
        created_by=actor,
    )
    _event(correction, "report.corrected", f"创建更正版本{correction.version}", actor, note=note.strip())
    return correction
