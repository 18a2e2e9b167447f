"""Every change to a 标准目录: added, edited, retired or imported items, each versioned and audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import record_event
from gongkai.organizations.access import roles_in
from gongkai.organizations.models import Agency, Department, Role
from gongkai.statute.directory import parse_deadline

from .access import EDITORS
from .models import DirectoryItem, DirectoryItemVersion, DirectorySetting

FIELDS = (
    "area",
    "level1",
    "level2",
    "content",
    "basis",
    "deadline_text",
    "publisher",
    "department",
    "channels",
    "audience_public",
    "audience_specific",
    "proactive",
    "on_request",
    "sort_order",
)
TEXT_FIELDS = ("area", "level1", "level2", "content", "basis", "deadline_text", "publisher")


def _editing(actor, agency: Agency) -> None:
    if actor is None:
        return  # the command line acts for the operator; it names itself in the event
    if not roles_in(actor, agency) & set(EDITORS):
        labels = "、".join(Role(r).label for r in EDITORS)
        raise PermissionDenied(f"只有{labels}可以修改标准目录")


def clean_values(agency: Agency, values: dict) -> dict:
    """Trimmed values, or a ValidationError naming each wrong field."""
    values = dict(values)
    for name in TEXT_FIELDS:
        if name in values:
            values[name] = (
                " ".join(str(values[name] or "").split()) if name != "content" else str(values[name] or "").strip()
            )
    if "channels" in values:
        values["channels"] = [c.strip() for c in values["channels"] or [] if c and c.strip()]
    errors: dict[str, str] = {}
    if not values.get("area"):
        errors["area"] = "请填写领域"
    if not values.get("level1"):
        errors["level1"] = "请填写一级事项"
    department: Department | None = values.get("department")
    if department is not None and department.agency_id != agency.pk:
        errors["department"] = "只能选择本机关的科室"
    if not (values.get("audience_public") or values.get("audience_specific")):
        errors["audience_public"] = "请勾选公开对象（全社会或特定群众）"
    if not (values.get("proactive") or values.get("on_request")):
        errors["proactive"] = "请勾选公开方式（主动或依申请公开）"
    if errors:
        raise ValidationError(errors)
    return values


def snapshot(item: DirectoryItem) -> dict:
    data = {name: getattr(item, name) for name in FIELDS if name != "department"}
    data["department"] = item.department.name if item.department_id else ""
    data["rule"] = item.rule.describe()
    data["retired_on"] = item.retired_on.isoformat() if item.retired_on else None
    return data


def _version(item: DirectoryItem, actor, change: str, actor_label: str = "") -> None:
    last = item.versions.order_by("-number").values_list("number", flat=True).first() or 0
    DirectoryItemVersion.objects.create(
        item=item,
        number=last + 1,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label or getattr(actor, "username", ""),
        change=change[:200],
        snapshot=snapshot(item),
    )


def _event(agency, code: str, summary: str, actor, actor_label: str = "", target=None, **data) -> None:
    record_event(
        code=code,
        summary=summary,
        actor=actor,
        actor_label=actor_label,
        agency=agency,
        target=target,
        data=data,
    )


def _apply(item: DirectoryItem, values: dict) -> list[str]:
    changed = []
    for name in FIELDS:
        if name in values and getattr(item, name) != values[name]:
            setattr(item, name, values[name])
            changed.append(name)
    if "deadline_text" in changed or not item.deadline_rule:
        item.deadline_rule = parse_deadline(item.deadline_text).as_dict()
        changed.append("deadline_rule")
    return changed


@transaction.atomic
def add_item(*, actor, agency: Agency, actor_label: str = "", **fields) -> DirectoryItem:
    """Add an item to the agency's 标准目录 (at the end of its area unless a sort order is given)."""
    _editing(actor, agency)
    values = clean_values(agency, {"channels": [], "audience_public": True, "proactive": True, **fields})
    if "sort_order" not in fields or not values.get("sort_order"):
        last = DirectoryItem.objects.filter(agency=agency).order_by("-sort_order").first()
        values["sort_order"] = (last.sort_order + 10) if last else 10
    item = DirectoryItem(agency=agency, tracked_from=timezone.localdate())
    _apply(item, values)
    item.save()
    _version(item, actor, "新增", actor_label)
    _event(agency, "directory.item_added", f"标准目录新增事项：{item}", actor, actor_label, item)
    return item


@transaction.atomic
def update_item(*, actor, item: DirectoryItem, actor_label: str = "", **fields) -> DirectoryItem:
    _editing(actor, item.agency)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    item = DirectoryItem.objects.select_for_update().get(pk=item.pk)
    if item.retired_on:
        raise ValidationError("该事项已停用，不能修改")
    current = {name: getattr(item, name) for name in FIELDS}
    values = clean_values(item.agency, {**current, **fields})
    changed = _apply(item, values)
    if not changed:
        return item
    item.save()
    _version(item, actor, "修改", actor_label)
    labels = [str(DirectoryItem._meta.get_field(n).verbose_name) for n in changed if n != "deadline_rule"]
    _event(item.agency, "directory.item_edited", f"标准目录修改事项：{item}（{'、'.join(labels)}）", actor,
           actor_label, item, fields=changed)  # fmt: skip
    return item


@transaction.atomic
def retire_item(*, actor, item: DirectoryItem, actor_label: str = "") -> DirectoryItem:
    """Remove an item from the list. It is kept (retired) so documents filed under it still say where."""
    _editing(actor, item.agency)
    item = DirectoryItem.objects.select_for_update().get(pk=item.pk)
    if item.retired_on:
        raise ValidationError("该事项已停用")
    item.retired_on = timezone.localdate()
    item.save(update_fields=["retired_on", "updated_at"])
    _version(item, actor, "停用", actor_label)
    _event(item.agency, "directory.item_retired", f"标准目录停用事项：{item}", actor, actor_label, item)
    return item


@transaction.atomic
def replace_directory(*, actor, agency: Agency, rows: list[dict], source: str, actor_label: str = "") -> dict:
    """Make the agency's list exactly ``rows`` (already checked): update, add, retire.

    Items are matched by 领域 + 一级事项 + 二级事项, so documents filed under an item stay filed
    when the list is imported again. Items missing from the file are retired, not deleted.
    """
    _editing(actor, agency)
    current = {(i.area, i.level1, i.level2): i for i in DirectoryItem.objects.current().filter(agency=agency)}
    counts = {"added": 0, "updated": 0, "unchanged": 0, "retired": 0}
    today = timezone.localdate()
    seen = set()
    for order, row in enumerate(rows, start=1):
        values = clean_values(agency, {**row, "sort_order": order * 10})
        key = (values["area"], values["level1"], values["level2"])
        seen.add(key)
        item = current.get(key)
        if item is None:
            item = DirectoryItem(agency=agency, tracked_from=today)
            _apply(item, values)
            item.save()
            _version(item, actor, f"导入：{source}", actor_label)
            counts["added"] += 1
            continue
        changed = _apply(item, values)
        if changed and changed != ["sort_order"]:
            item.save()
            _version(item, actor, f"导入：{source}", actor_label)
            counts["updated"] += 1
            continue
        if changed:  # only moved: not a change of the item's content
            item.save(update_fields=["sort_order", "updated_at"])
        counts["unchanged"] += 1
    for key, item in current.items():
        if key not in seen:
            item.retired_on = today
            item.save(update_fields=["retired_on", "updated_at"])
            _version(item, actor, f"导入时停用：{source}", actor_label)
            counts["retired"] += 1
    _event(
        agency,
        "directory.imported",
        f"导入标准目录《{source}》：新增{counts['added']}项，修改{counts['updated']}项，停用{counts['retired']}项",
        actor,
        actor_label,
        source=source,
        **counts,
    )
    return counts


@transaction.atomic
def set_realtime_grace(*, actor, agency: Agency, days: int) -> DirectorySetting:
    _editing(actor, agency)
    if not 0 <= days <= 60:
        raise ValidationError({"realtime_grace_days": "宽限期应在0至60个工作日之间"})
    setting, _ = DirectorySetting.objects.get_or_create(agency=agency)
    old = setting.realtime_grace_days
    setting.realtime_grace_days = days
    setting.save()
    _event(
        agency, "directory.grace_set", f"“及时公开”宽限期由{old}个工作日改为{days}个工作日", actor, old=old, new=days
    )
    return setting


def realtime_grace(agency: Agency) -> int:
    setting = DirectorySetting.objects.filter(agency=agency).first()
    return setting.realtime_grace_days if setting else DirectorySetting._meta.get_field("realtime_grace_days").default
