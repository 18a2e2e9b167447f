"""Loading the demo world. Idempotent: running it again changes nothing that exists."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.catalog.demo import load_demo_catalog, load_demo_neighbour_catalog
from gongkai.catalog.demo_directory import load_demo_directory
from gongkai.organizations.models import Agency, Department
from gongkai.organizations.services import add_department, configure_site, grant_role, register_agency
from gongkai.remedies.demo import load_demo_remedies
from gongkai.reports.demo import load_demo_reports
from gongkai.sitechecks.demo import load_demo_sitecheck
from gongkai.suggestions.demo import load_demo_messages, load_demo_neighbour_messages

from . import data
from .cases import load_demo_cases

ACTOR = "演示数据"


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    """Create the demo agencies, departments and users; return (username, name, agency, role) rows."""
    agencies: dict[str, Agency] = {}
    for key, body, name, short, kind, level, parent_key, office in data.AGENCIES:
        code = data.agency_code(body)
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            agency = register_agency(
                actor_label=ACTOR,
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                level=level,
                parent=agencies[parent_key] if parent_key else None,
                **office,
            )
        agencies[key] = agency
        if key in data.SITES and not agency.site_code:
            configure_site(actor_label=ACTOR, agency=agency, values=data.SITES[key])

    for key, name, is_office in data.DEPARTMENTS:
        if not Department.objects.filter(agency=agencies[key], name=name).exists():
            add_department(actor_label=ACTOR, agency=agencies[key], name=name, is_ogi_office=is_office)

    User = get_user_model()
    logins = []
    for username, full_name, key, role, department_name in data.USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        department = Department.objects.get(agency=agencies[key], name=department_name) if department_name else None
        grant_role(actor_label=ACTOR, user=user, agency=agencies[key], role=role, department=department)
        logins.append((username, full_name, agencies[key].display_name, role.label))

    admin, created = User.objects.get_or_create(
        username="admin", defaults={"full_name": "系统管理员", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    logins.append(("admin", "系统管理员", "全部", "系统管理员（管理后台）"))
    load_demo_cases(agencies["tanzhesi"])
    load_demo_catalog(agencies["tanzhesi"])
    load_demo_directory(agencies["tanzhesi"])
    load_demo_neighbour_catalog(agencies["wangping"])
    load_demo_neighbour_catalog(agencies["justice"])
    load_demo_remedies(agencies["tanzhesi"])
    load_demo_reports(agencies["tanzhesi"])
    load_demo_messages(agencies["tanzhesi"])
    load_demo_neighbour_messages(agencies["wangping"])
    # Last: the self-check reads the portal the lines above have filled.
    load_demo_sitecheck(agencies["tanzhesi"])
    return logins
