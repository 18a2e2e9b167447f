"""Starting, editing and masking a draft; the 索引号 it is given."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from gongkai.core.sequences import take_next
from gongkai.organizations.models import Agency, Department
from gongkai.statute.catalog import ALL_ITEMS, format_index_number, items_for_level

from .. import masking
from ..masking import MaskingResult
from ..models import Disclosure, Document, IndexCounter, Kind, Validity
from ..sanitize import clean_body
from ..tasks import schedule_link_check
from .common import DRAFTERS, EDITABLE_FIELDS, _acting, _event, _guard, _lock, _today
from .versions import _version


def allocate_index_number(agency: Agency, year: int) -> str:
    """Next 索引号 of the agency and year, from a counter row locked for the transaction."""
    return format_index_number(agency.code, year, take_next(IndexCounter, agency=agency, year=year))


def picture_sources(document: Document | None) -> list[str]:
    """The addresses of the document's picture attachments: the only images its body may show."""
    if document is None or document.pk is None:
        return []
    pictures = document.attachments.filter(content_type__startswith="image/").values_list("pk", flat=True)
    return [reverse("catalog_files:download", args=[pk]) for pk in pictures]


def _clean(agency: Agency, values: dict, *, document: Document | None = None) -> dict:
    errors: dict[str, str] = {}
    department = values.get("department")
    if department is not None and department.agency_id != agency.pk:
        errors["department"] = "只能选择本机关的科室"
    if "body" in values:
        values["body"] = clean_body(values["body"], images=picture_sources(document))
    if "title" in values:
        values["title"] = (values["title"] or "").strip()
        if not values["title"]:
            errors["title"] = "请填写标题"
    if "item" in values and values["item"] not in items_for_level(agency.level):
        errors["item"] = (
            "公开事项不适用于本机关" if values["item"] in ALL_ITEMS else "请选择条例第二十条或第二十一条所列事项"
        )
    item = values.get("directory_item")
    if item is not None and (item.agency_id != agency.pk or item.retired_on):
        errors["directory_item"] = "只能选择本机关标准目录中的现行事项"
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
    values = _clean(document.agency, {**current, **fields}, document=document)
    if "body" not in fields:
        values["body"] = current["body"]  # a body saved before today's cleaning stays as it was until edited
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


def mask_personal_data(*, actor, document: Document) -> MaskingResult:
    """一键屏蔽个人信息: the draft's text, its attachments and every earlier version (see catalog.masking).

    Returns what was masked where and what remains; nothing is claimed that a fresh scan would
    not confirm. Files written for masked copies are removed again if the masking rolls back.
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            result = _mask(actor, document, stored)
    except BaseException:
        masking.delete_files(stored)
        raise
    return result


def _mask(actor, document: Document, stored: list[str]) -> MaskingResult:
    _acting(actor, document.agency, DRAFTERS)
    document = _lock(document)
    _guard(document, "edit")
    result = masking.MaskingResult(document=document, fields=masking.mask_document_text(document))
    if result.fields:
        document.save(update_fields=[*result.fields, "updated_at"])
    dropped: list[str] = []
    for attachment in document.attachments.all():
        outcome = masking.mask_attachment(attachment, stored, dropped)
        if outcome is None:
            continue
        result.attachments.append(outcome)
        if outcome.problem:
            result.remaining.append(outcome.problem)
        if outcome.replaced:
            _event(
                document,
                "catalog.attachment_masked",
                f"以屏蔽个人信息后的副本替换附件《{outcome.name}》（{outcome.masked} 处）",
                actor,
                name=outcome.name,
                sha256=attachment.sha256,
                masked=outcome.masked,
            )
    result.remaining[:0] = masking.remaining_in_text(document)
    if not result.changed:
        return result
    result.versions = masking.mask_history(document, actor)
    masking.forget_links(document)
    schedule_link_check(document)
    places = "、".join(result.places())
    # Earlier versions are masked too, so this version's diff shows no text change: say it here.
    _version(document, actor, f"屏蔽个人信息（{places}）")
    _event(
        document,
        "catalog.masked",
        f"屏蔽个人信息：{places}",
        actor,
        counts=result.fields,
        attachments={a.name: a.masked for a in result.attachments if a.masked},
        versions=result.versions,
        remaining=len(result.remaining),
    )
    transaction.on_commit(lambda: masking.delete_files(dropped))
    return result
