"""Checking a legacy catalogue row by row (catalog.legacy): every bad row with its column and a reason.

Nothing here writes; ``check_catalogue`` returns what would be imported, or every problem found.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from gongkai.core import clock
from gongkai.organizations.models import Agency
from gongkai.statute.catalog import ALL_ITEMS, INDEX_NUMBER, items_for_level
from gongkai.statute.filetypes import CATEGORY_LABELS, RefusedFile, identify

from . import legacy_read as read
from .attachments import MAX_ATTACHMENTS, attachment_limits, clean_file_name
from .models import Document, Kind, Subject, Validity
from .sanitize import html_to_text, sanitize_html

MB = 1024 * 1024
EARLIEST = dt.date(1949, 10, 1)
LABELS = read.LABELS


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}{f'“{self.column}”' if self.column else ''}：{self.message}"


@dataclass
class Checked:
    """The result of checking a catalogue: what would be imported, or why nothing can be."""

    documents: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.documents)

    @property
    def attachment_count(self) -> int:
        return sum(len(d["attachments"]) for d in self.documents)

    @property
    def per_year(self) -> list[tuple[int, int]]:
        return sorted(Counter(d["values"]["published_on"].year for d in self.documents).items())


# -- values ----------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isalnum())


@functools.cache
def _item_forms() -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for code, label in ALL_ITEMS.items():
        bare = label.split("）", 1)[1] if label.startswith("（") else label.rsplit("：", 1)[-1]
        for form in (code, label, bare):
            forms.setdefault(_norm(form) if form != code else form, set()).add(code)
    return {form: frozenset(codes) for form, codes in forms.items()}


def match_item(text: str, level: str) -> str:
    """公开事项 by code ("20-7"), full label, or label without its numbering ("财政预算、决算信息")."""
    value = (text or "").strip()
    if not value:
        raise ValueError("缺少公开事项")
    allowed = items_for_level(level)
    forms = _item_forms()
    codes = set(forms.get(value) or forms.get(_norm(value), ()))
    usable = codes & set(allowed)
    if len(usable) == 1:
        return usable.pop()
    if codes:
        raise ValueError(f"公开事项“{value}”不适用于本机关")
    raise ValueError(f"公开事项“{value}”不是条例第二十条、第二十一条所列事项")


def match_choice(text: str, choices, what: str, default: str) -> str:
    """A TextChoices value by its value or label (punctuation ignored); ``default`` when blank."""
    value = (text or "").strip()
    if not value:
        return default
    wanted = _norm(value).lower()
    for choice in choices:
        if wanted in {_norm(choice.value).lower(), _norm(choice.label)}:
            return choice.value
    if what == "文件类型" and _norm(value) == "规范性文件":
        return Kind.NORMATIVE
    labels = "、".join(choice.label for choice in choices)
    raise ValueError(f"{what}“{value}”无法识别，可填：{labels}")


def body_html(text: str) -> str:
    """正文: HTML is sanitised with the body allow-list; plain text becomes one paragraph per line."""
    return sanitize_html(text) if read.looks_like_html(text) else read.text_to_paragraphs(text)


def _date(values: dict, name: str, errors: list, row: int, today: dt.date) -> dt.date | None:
    try:
        value = read.parse_date(values.get(name, ""))
    except ValueError as e:
        errors.append(RowError(row, LABELS[name], str(e)))
        return None
    if value is not None and value > today:
        errors.append(RowError(row, LABELS[name], f"{value:%Y-%m-%d}晚于今天，历史文件的日期不能在将来"))
    elif value is not None and value < EARLIEST:
        errors.append(RowError(row, LABELS[name], f"{value:%Y-%m-%d}早于1949年10月1日，日期不合理"))
    else:
        return value
    return None


def _text(values: dict, name: str, errors: list, row: int, limit: int) -> str:
    value = " ".join((values.get(name) or "").split())
    if len(value) > limit:
        errors.append(RowError(row, LABELS[name], f"超过{limit}个字（{len(value)}字）"))
    return value


# -- checking ---------------------------------------------------------------------------------------


def check_catalogue(*, agency: Agency, parsed: dict, files: Mapping[str, bytes], has_source: bool) -> Checked:
    """Every row checked against the rules and the installation; nothing is written."""
    checked = Checked(columns=parsed.get("columns", {}), ignored=parsed.get("ignored", []))
    errors, today = checked.errors, clock.today()
    ambiguous = set(parsed.get("ambiguous", []))
    first_row: dict[str, int] = {}
    limits = attachment_limits()
    for entry in parsed.get("rows", []):
        row, raw = entry["row"], entry["values"]
        before = len(errors)
        values: dict = {}
        try:
            number = read.clean_index_number(raw.get("index_number", ""))
        except ValueError as e:
            errors.append(RowError(row, LABELS["index_number"], str(e)))
            number = ""
        if number in first_row:
            errors.append(RowError(row, LABELS["index_number"], f"索引号“{number}”与第{first_row[number]}行重复"))
        elif number:
            first_row[number] = row
        values["title"] = _text(raw, "title", errors, row, 300)
        if not values["title"]:
            errors.append(RowError(row, LABELS["title"], "缺少标题"))
        values["issuing_body"] = _text(raw, "issuing_body", errors, row, 120) or agency.name
        values["document_number"] = _text(raw, "document_number", errors, row, 60)
        values["summary"] = (raw.get("summary") or "").strip()
        values["written_on"] = _date(raw, "written_on", errors, row, today)
        values["published_on"] = _date(raw, "published_on", errors, row, today)
        if not (raw.get("published_on") or "").strip():
            errors.append(RowError(row, LABELS["published_on"], "缺少发布日期"))
        written, published = values["written_on"], values["published_on"]
        if written and published and published < written:
            errors.append(
                RowError(
                    row, LABELS["published_on"], f"发布日期（{published:%Y-%m-%d}）早于成文日期（{written:%Y-%m-%d}）"
                )
            )
        for name, call in (
            ("item", lambda v: match_item(v, agency.level)),
            ("subject", lambda v: match_choice(v, Subject, "主题分类", Subject.OTHER)),
            ("kind", lambda v: match_choice(v, Kind, "文件类型", Kind.OTHER)),
            ("validity", lambda v: match_choice(v, Validity, "有效性", "")),
        ):
            try:
                values[name] = call(raw.get(name, ""))
            except ValueError as e:
                errors.append(RowError(row, LABELS[name], str(e)))
        interprets = unicodedata.normalize("NFKC", raw.get("interprets") or "").strip()
        if values.get("kind") == Kind.INTERPRETATION and not interprets:
            errors.append(RowError(row, LABELS["interprets"], "政策解读应填写所解读文件的索引号"))
        elif interprets and values.get("kind") != Kind.INTERPRETATION:
            errors.append(RowError(row, LABELS["interprets"], "只有文件类型为政策解读的，才填写所解读文件"))
        _validity(values, raw, errors, row, today)
        values["body"] = body_html(raw.get("body") or "")
        attachments = _attachments(raw, files, ambiguous, has_source, limits, errors, row)
        if not html_to_text(values["body"]).strip() and not attachments and len(errors) == before:
            errors.append(RowError(row, LABELS["body"], "正文为空且没有附件"))
        if len(errors) == before:
            checked.documents.append(
                {
                    "row": row,
                    "index_number": number,
                    "values": values,
                    "attachments": attachments,
                    "interprets": interprets,
                }
            )
    errors[:0] = [RowError(None, "", m) for m in parsed.get("errors", [])]
    _check_numbers(agency, first_row, errors)
    _check_interpretations(agency, checked.documents, errors)
    errors.sort(key=lambda e: (e.row or 0,))
    return checked


def _check_interpretations(agency: Agency, documents: list[dict], errors: list) -> None:
    """Each 政策解读 names a document of this file or of the agency's catalogue that is not itself one."""
    kinds = {d["index_number"]: d["values"]["kind"] for d in documents}
    wanted = {d["interprets"] for d in documents if d["interprets"] and d["interprets"] not in kinds}
    existing = dict(Document.objects.filter(agency=agency, index_number__in=wanted).values_list("index_number", "kind"))
    for entry in documents:
        ref = entry["interprets"]
        if not ref:
            continue
        kind = kinds.get(ref, existing.get(ref))
        if kind is None:
            message = f"所解读文件“{ref}”不在本表格中，也不是本机关已有的文件"
        elif kind == Kind.INTERPRETATION:
            message = f"所解读文件“{ref}”本身是政策解读"
        else:
            continue
        errors.append(RowError(entry["row"], LABELS["interprets"], message))


def _validity(values: dict, raw: dict, errors: list, row: int, today: dt.date) -> None:
    if values.get("kind") not in {Kind.RULE, Kind.NORMATIVE}:
        values["validity"], values["validity_changed_on"] = "", None
        return
    values["validity"] = values.get("validity") or Validity.VALID
    values["validity_changed_on"] = _date(raw, "validity_changed_on", errors, row, today)
    if values["validity"] != Validity.VALID and not values["validity_changed_on"]:
        errors.append(RowError(row, LABELS["validity_changed_on"], "失效或废止的，应填写有效性变更日期"))


def _attachments(raw, files, ambiguous, has_source, limits, errors, row) -> list[tuple[str, bytes, str]]:
    names = read.split_names(raw.get("attachments", ""))
    if names and not has_source:
        errors.append(RowError(row, "附件", "列有附件，但没有提供附件文件夹或压缩包"))
        return []
    if len(names) > MAX_ATTACHMENTS:
        errors.append(RowError(row, "附件", f"每个文件最多{MAX_ATTACHMENTS}个附件（此行{len(names)}个）"))
        return []
    found, digests = [], set()
    for name in names:
        data = files.get(name)
        if name in ambiguous:
            errors.append(RowError(row, "附件", f"附件包中有多个“{name}”，请写明所在文件夹"))
        elif data is None:
            errors.append(RowError(row, "附件", f"附件“{name}”在附件文件夹或压缩包中找不到"))
        elif not data:
            errors.append(RowError(row, "附件", f"附件“{name}”是空文件"))
        else:
            try:
                filetype = identify(io.BytesIO(data), clean_file_name(name))
            except RefusedFile as e:
                errors.append(RowError(row, "附件", f"附件“{name}”：{e.message}"))
                continue
            if len(data) > limits[filetype.category]:
                label, limit = CATEGORY_LABELS[filetype.category], limits[filetype.category] // MB
                errors.append(RowError(row, "附件", f"附件“{name}”超过{label}的上限{limit} MB"))
            elif (digest := hashlib.sha256(data).hexdigest()) in digests:
                errors.append(RowError(row, "附件", f"附件“{name}”与本行另一个附件内容相同"))
            else:
                digests.add(digest)
                found.append((clean_file_name(name), data, filetype.mime))
    return found


def _check_numbers(agency: Agency, first_row: dict[str, int], errors: list) -> None:
    """索引号 already used in this installation, or in Gongkai's format with another agency's code."""
    numbers = list(first_row)
    for start in range(0, len(numbers), 500):
        used = Document.objects.filter(index_number__in=numbers[start : start + 500])
        for number, owner in used.values_list("index_number", "agency__name"):
            where = "本机关" if owner == agency.name else "其他机关"
            errors.append(RowError(first_row[number], LABELS["index_number"], f"索引号“{number}”已被{where}的文件使用"))
    ours = {n.split("/", 1)[0] for n in numbers if INDEX_NUMBER.match(n)} - {agency.code}
    foreign = dict(Agency.objects.filter(code__in=ours).values_list("code", "name"))
    for number in numbers:
        code = number.split("/", 1)[0]
        if INDEX_NUMBER.match(number) and code in foreign:
            message = f"索引号“{number}”中的统一社会信用代码属于{foreign[code]}，不是本机关的"
            errors.append(RowError(first_row[number], LABELS["index_number"], message))
