"""Starting, editing and masking a draft; the 索引号 it is given."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core.sequences import take_next
from gongkai.organizations.models import Agency, Department
from gongkai.statute.catalog import ALL_ITEMS, format_index_number, items_for_level
from gongkai.statute.detectors import mask_text, scan_personal_data

from ..models import Disclosure, Document, IndexCounter, Kind, Validity
from ..sanitize import sanitize_html
from ..tasks import schedule_link_check
from .common import DRAFTERS, EDITABLE_FIELDS, _acting, _event, _guard, _lock, _today
from .versions import _version


def allocate_index_number(agency: Agency, year: int) -> str:
    """Next 索引号 of the agency and year, from a counter row locked for the transaction."""
    return format_index_number(agency.code, year, take_next(IndexCounter, agency=agency, year=year))


def _clean(agency: Agency, values: dict) -> dict:
    errors: dict[str, str] = {}
    department = values.get("department")
    if department is not None and department.agency_id != agency.pk:
        errors["department"] = "只能选择本机关的科室"
    if "body" in values:
        values["body"] = sanitize_html(values["body"])
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors["title"] = "请填写标题"
    if "item" in values and values["item"] not in items_for_level(agency.level):
        errors["item"] = (
            "公开事项不适用于本机关" if values["item"] in ALL_ITEMS else "请选择条例第二十条或第二十一条所列事项"
        )
    if (
        values.get("disclosure") in {Disclosure.ON_REQUEST, Disclosure.WITHHELD}
        and not (values.get("disclosure_reason") or "").strip()
    ):
        errors["disclosure_reason"] = "依申请公开或不予公开的，应说明理由"
    if values.get("validity") in {Validity.EXPIRED, Validity.REPEALED} and not values.get("validity_changed_on"):
        errors["validity_changed_on"] = "失效或废止的，应填写变更日期"
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def draft_document(
    *,
    actor,
    agency: Agency,
    title: str,
    item: str,
    issuing_body: str = "",
    department: Department | None = None,
    interprets: Document | None = None,
    **fields,
) -> Document:
    """A contributor starts a document; its 索引号 is given now and never changes."""
    _acting(actor, agency, DRAFTERS)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    if department is not None and department.agency_id != agency.pk:
        raise ValidationError({"department": "只能选择本机关的科室"})
    if interprets is not None:
        if interprets.agency_id != agency.pk:
            raise ValidationError({"interprets": "只能解读本机关的文件"})
        fields["kind"] = Kind.INTERPRETATION
    elif fields.get("kind") == Kind.INTERPRETATION:
        raise ValidationError({"interprets": "政策解读应关联所解读的文件"})
    values = _clean(agency, {"title": title, "item": item, **fields})
    if values.get("kind") in {Kind.RULE, Kind.NORMATIVE} and not values.get("validity"):
        values["validity"] = Validity.VALID
    document = Document.objects.create(
        agency=agency,
        department=department,
        author=actor,
        index_number=allocate_index_number(agency, _today().year),
        issuing_body=issuing_body or agency.name,
        interprets=interprets,
        **values,
    )
    _version(document, actor, "起草")
    _event(document, "catalog.drafted", f"起草《{document.title}》", actor)
    schedule_link_check(document)
    return document


@transaction.atomic
def update_document(*, actor, document: Document, reason: str = "", **fields) -> Document:
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "edit")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    current = {name: getattr(document, name) for name in EDITABLE_FIELDS}
    if "kind" in fields and (fields["kind"] == Kind.INTERPRETATION) != (document.kind == Kind.INTERPRETATION):
        raise ValidationError({"kind": "政策解读与其他文件类型不能互相转换，请重新起草"})
    values = _clean(document.agency, {**current, **fields})
    changed = [name for name in EDITABLE_FIELDS if values[name] != current[name]]
    if not changed:
        return document
    for name in changed:
        setattr(document, name, values[name])
    document.save(update_fields=[*changed, "updated_at"])
    _version(document, actor, reason or "修改")
    _event(document, "catalog.edited", "修改" + "、".join(changed), actor, fields=changed, reason=reason)
    schedule_link_check(document)
    return document


@transaction.atomic
def mask_personal_data(*, actor, document: Document) -> Document:
    """One-click masking of ID, mobile and card numbers in the title, summary and body."""
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "edit")
    counts = {}
    for name in ("title", "summary", "body"):
        text = getattr(document, name)
        hits = scan_personal_data(text)
        if hits:
            setattr(document, name, mask_text(text, hits))
            counts[name] = len(hits)
    if not counts:
        return document
    document.save(update_fields=[*counts, "updated_at"])
    _version(document, actor, "屏蔽个人信息")
    _event(document, "catalog.masked", f"屏蔽个人信息 {sum(counts.values())} 处", actor, counts=counts)
    return document
