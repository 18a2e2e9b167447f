"""Every change to agencies, departments and memberships goes through these functions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.audit import record_event
from gongkai.statute.identifiers import InvalidCode, validate_uscc

from . import site
from .models import Agency, Department, Membership, Role

# Higher governments have smaller ranks; a government's parent government must rank above it.
LEVEL_RANK = {
    Agency.Level.PROVINCE: 1,
    Agency.Level.CITY: 2,
    Agency.Level.DISTRICT: 3,
    Agency.Level.COUNTY: 3,
    Agency.Level.TOWNSHIP: 4,
}


CONTACT_FIELDS = (
    "ogi_office_name",
    "ogi_address",
    "ogi_postcode",
    "ogi_office_hours",
    "ogi_phone",
    "ogi_fax",
    "ogi_email",
    "website",
)
# How applicants pay the information-processing fee (Agency.fee_payment_text).
FEE_PAYMENT_FIELDS = ("fee_payee", "fee_bank", "fee_account", "fee_instructions")


def default_report_due(kind: str, level: str) -> str:
    """Art. 49: county-level and higher governments publish their own report by 31 March;
    departments by 31 January; townships, not named in Art. 49, by 31 January as their
    county requires in practice (docs/decisions/0003-report-deadlines.md)."""
    if kind == Agency.Kind.GOVERNMENT and level != Agency.Level.TOWNSHIP:
        return Agency.ReportDue.MARCH_31
    return Agency.ReportDue.JANUARY_31


def check_new_agency(*, code: str, name: str, kind: str, level: str, parent: Agency | None) -> tuple[str, str]:
    """Validate a new agency; return its normalised (code, level) or raise ValidationError."""
    errors: dict[str, str] = {}
    try:
        code = validate_uscc(code)
    except InvalidCode as e:
        errors["code"] = str(e)
    if not name:
        errors["name"] = "机关全称不能为空"
    if kind not in Agency.Kind.values:
        errors["kind"] = f"类型“{kind}”无效，应为 government（人民政府）或 department（政府部门）"
    if level and level not in Agency.Level.values:
        errors["level"] = f"层级“{level}”无效，应为 province、city、district、county 或 township 之一"
    if "code" not in errors and (existing := Agency.objects.filter(code=code).first()):
        errors["code"] = f"统一社会信用代码 {code} 已登记为“{existing.name}”"
    if kind == Agency.Kind.GOVERNMENT and not level and "level" not in errors:
        errors["level"] = "人民政府必须注明层级（--level）"
    if parent is not None and kind in Agency.Kind.values and "level" not in errors:
        if parent.kind == Agency.Kind.DEPARTMENT and kind == Agency.Kind.GOVERNMENT:
            errors["parent"] = "人民政府的上级机关不能是政府部门"
        elif kind == Agency.Kind.GOVERNMENT and parent.level and LEVEL_RANK[level] <= LEVEL_RANK[parent.level]:
            errors["parent"] = (
                f"{Agency.Level(level).label}人民政府不能隶属于{parent.get_level_display()}的“{parent.name}”"
            )
        if kind == Agency.Kind.DEPARTMENT and not level:
            level = parent.level
    if name and Agency.objects.filter(name=name, parent=parent).exists():
        errors["name"] = f"同一上级机关下已有名为“{name}”的机关"
    if errors:
        raise ValidationError(errors)
    return code, level


@transaction.atomic
def register_agency(
    *,
    actor=None,
    actor_label: str = "",
    code: str,
    name: str,
    kind: str,
    level: str = "",
    parent: Agency | None = None,
    short_name: str = "",
    report_due: str = "",
    **contact: str,
) -> Agency:
    """Create an agency after checking its code, its place in the tree and its name.

    ``contact`` holds the OGI office's details (CONTACT_FIELDS) and, optionally, how fees are
    paid (FEE_PAYMENT_FIELDS).
    """
    unknown = set(contact) - set(CONTACT_FIELDS) - set(FEE_PAYMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    name = (name or "").strip()
    code, level = check_new_agency(code=code, name=name, kind=kind, level=level, parent=parent)
    agency = Agency(
        code=code,
        name=name,
        short_name=short_name.strip(),
        kind=kind,
        level=level,
        parent=parent,
        path=f"{parent.path if parent else '/'}{code}/",
        report_due=report_due or default_report_due(kind, level),
        **contact,
    )
    agency.full_clean()
    agency.save()
    record_event(
        code="agency.registered",
        summary=f"登记机关：{agency.name}（{agency.code}）",
        actor=actor,
        actor_label=actor_label,
        agency=agency,
        target=agency,
        data={"kind": kind, "level": level, "parent": parent.code if parent else None},
    )
    return agency


@transaction.atomic
def add_department(
    *, actor=None, actor_label: str = "", agency: Agency, name: str, is_ogi_office: bool = False, sort_order: int = 0
) -> Department:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "科室名称不能为空"})
    if agency.departments.filter(name=name).exists():
        raise ValidationError({"name": f"“{agency.display_name}”已有科室“{name}”"})
    department = Department.objects.create(agency=agency, name=name, is_ogi_office=is_ogi_office, sort_order=sort_order)
    record_event(
        code="department.added",
        summary=f"新增科室：{name}",
        actor=actor,
        actor_label=actor_label,
        agency=agency,
        target=department,
    )
    return department


@transaction.atomic
def grant_role(
    *, actor=None, actor_label: str = "", user, agency: Agency, role: str, department: Department | None = None
) -> Membership:
    """Give ``user`` a role in ``agency``; granting a role already held changes nothing."""
    if role not in Role.values:
        raise ValidationError({"role": f"角色“{role}”无效"})
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": f"科室“{department.name}”不属于“{agency.display_name}”"})
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role, department=department)
    if created:
        record_event(
            code="membership.granted",
            summary=f"授予 {user} 角色：{Role(role).label}",
            actor=actor,
            actor_label=actor_label,
            agency=agency,
            target=membership,
            data={"user": user.username, "role": role, "department": department.name if department else None},
        )
    return membership


@transaction.atomic
def revoke_role(*, actor=None, actor_label: str = "", membership: Membership) -> None:
    record_event(
        code="membership.revoked",
        summary=f"撤销 {membership.user} 角色：{membership.get_role_display()}",
        actor=actor,
        actor_label=actor_label,
        agency=membership.agency,
        data={"user": membership.user.username, "role": membership.role},
    )
    membership.delete()


# The public site's settings (organizations/site.py), edited by the agency's office head or admin.
SITE_FIELDS = (
    "site_name",
    "site_code",
    "icp_number",
    "psb_number",
    "site_sponsor",
    "site_operator",
    "site_address",
    "site_postcode",
    "site_phone",
    "site_email",
    "ogi_rules",
    "site_embedded",
)
SITE_ROLES = (Role.OFFICE_HEAD, Role.ADMINISTRATOR)


@transaction.atomic
def configure_site(
    *, actor=None, actor_label: str = "", agency: Agency, values: dict, banner=None, remove_banner: bool = False
) -> list[str]:
    """Change the public site's settings; return the labels of what changed ([] for nothing).

    ``banner`` is an uploaded picture, checked by its bytes (site.banner_type); a refused one
    changes nothing at all.
    """
    unknown = set(values) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"unknown site fields: {sorted(unknown)}")
    if banner is not None and remove_banner:
        raise ValidationError({"site_banner": "不能同时上传和删除页头图片"})
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changed = [f for f in SITE_FIELDS if f in values and getattr(agency, f) != values[f]]
    for field in changed:
        setattr(agency, field, values[field])
    if agency.psb_number:
        agency.psb_number = site.normal_psb_number(agency.psb_number)
    update = [*changed]
    old_banner = agency.site_banner.name if agency.site_banner else ""
    kind = site.banner_type(banner) if banner is not None else None
    if kind is not None or (remove_banner and old_banner):
        update += ["site_banner", "site_banner_type"]
    if not update:
        return []
    agency.full_clean(exclude=["code", "parent", "path", "site_banner"])
    if kind is not None:
        agency.site_banner.save(f"{agency.code}{kind.extensions[0]}", banner, save=False)
        agency.site_banner_type = kind.mime
    elif "site_banner" in update:
        agency.site_banner, agency.site_banner_type = "", ""
    agency.save(update_fields=[*update, "updated_at"])
    labels = [str(Agency._meta.get_field(f).verbose_name) for f in dict.fromkeys(update) if f != "site_banner_type"]
    record_event(
        code="agency.site_configured",
        summary=f"修改网站设置：{'、'.join(labels)}",
        actor=actor,
        actor_label=actor_label,
        agency=agency,
        target=agency,
        data={f: values[f] for f in changed} | ({"site_banner": agency.site_banner.name} if banner else {}),
    )
    if old_banner and old_banner != (agency.site_banner.name if agency.site_banner else ""):
        storage, name = agency.site_banner.storage, old_banner
        transaction.on_commit(lambda: storage.delete(name))
    return labels
