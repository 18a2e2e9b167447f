"""本机关无此类信息: an agency's declaration that it has nothing to publish under one item."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.organizations.models import Agency, Role
from gongkai.statute.catalog import items_for_level

from ..models import NoInformationDeclaration
from ..selectors import public_documents
from .common import _acting, _today

DECLARERS = {Role.OFFICE_HEAD, Role.ADMINISTRATOR}
REASON_MAX = NoInformationDeclaration._meta.get_field("reason").max_length


def _touch(agency: Agency) -> None:
    # The public catalogue caches its columns under a key carrying the agency's updated_at
    # (portal.selectors.catalogue_facets); touching it shows the change at once, in every process.
    Agency.objects.filter(pk=agency.pk).update(updated_at=timezone.now())


@transaction.atomic
def declare_no_information(*, actor, agency: Agency, item: str, reason: str) -> NoInformationDeclaration:
    """Declare (or restate the reason) that ``agency`` has no information of ``item``.

    Refused while the column shows public documents: the declaration would contradict the site.
    """
    _acting(actor, agency, DECLARERS)
    items = items_for_level(agency.level)
    if item not in items:
        raise ValidationError({"item": "该事项不是本机关所在层级应公开的事项"})
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "请填写无此类信息的理由"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"理由最多{REASON_MAX}个字（现有{len(reason)}个）"})
    shown = public_documents(agency).filter(item=item).count()
    if shown:
        raise ValidationError({"item": f"“{items[item]}”栏目已有{shown}条公开信息，不能声明本机关无此类信息"})
    existing = NoInformationDeclaration.objects.select_for_update().filter(agency=agency, item=item).first()
    previous = existing.reason if existing else ""
    declaration, _ = NoInformationDeclaration.objects.update_or_create(
        agency=agency,
        item=item,
        defaults={"reason": reason, "declared_by": actor, "declared_on": _today()},
    )
    _touch(agency)
    record_event(
        code="catalog.no_information_declared",
        summary=f"声明“{items[item]}”本机关无此类信息：{reason}",
        actor=actor,
        agency=agency,
        target=declaration,
        data={"item": item, "reason": reason, "previous_reason": previous},
    )
    return declaration


@transaction.atomic
def withdraw_declaration(*, actor, declaration: NoInformationDeclaration) -> None:
    """Withdraw a declaration: the column counts as blank again until documents are published."""
    _acting(actor, declaration.agency, DECLARERS)
    record_event(
        code="catalog.no_information_withdrawn",
        summary=f"撤回“{declaration.get_item_display()}”无此类信息的声明",
        actor=actor,
        agency=declaration.agency,
        data={
            "item": declaration.item,
            "reason": declaration.reason,
            "declared_on": declaration.declared_on.isoformat(),
        },
    )
    declaration.delete()
    _touch(declaration.agency)
