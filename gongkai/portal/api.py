"""The read-only public JSON API over the proactive-disclosure catalogue (django-ninja).

Everything here goes through ``catalog.selectors.public_documents``, and every response is built
field by field from an allow-list schema, so a new model field (or an internal one: author,
department, secrecy opinion, rejection reason, drafts) never leaks by default.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.openapi.docs import Swagger
from pydantic import ConfigDict, field_validator

from gongkai.catalog.models import Attachment, Document, Kind, Status, Subject, Validity
from gongkai.catalog.sanitize import html_to_text, sanitize_html
from gongkai.catalog.search import search_documents
from gongkai.catalog.selectors import public_documents
from gongkai.organizations.models import Agency
from gongkai.statute.catalog import ALL_ITEMS

from .selectors import active_agencies

MAX_PAGE_SIZE = 100
# Far beyond any catalogue; keeps the offset inside what the database accepts.
MAX_PAGE = 1_000_000
# Nothing in a catalogue predates the People's Republic; a naive 0001-01-01 cannot even be
# turned into Beijing time.
PLAUSIBLE_YEARS = range(1949, 2100)

DESCRIPTION = """\
政府信息公开目录的只读数据接口，无需登录。只提供主动公开且已发布（含已废止）的文件，
不含草稿、依申请公开或不予公开的文件，也不含起草人、审核意见等内部信息。

**索引号的写法**：索引号形如 `11110109000011108X/2020-00001`，本身含有一个斜杠。
接口地址直接写出完整的索引号，即 `/api/documents/11110109000011108X/2020-00001`；
在接口说明中它分为两个路径参数：统一社会信用代码 `uscc`（18位）和年度序号 `serial`（`2020-00001`）。
斜杠原样写出即可，不要编码为 `%2F`：不少代理服务器会拒绝地址中编码过的斜杠。

日期均为北京时间的日历日期（`YYYY-MM-DD`），时间为带时区的 ISO 8601 格式。
"""

# The Swagger UI assets come from ninja's own static files (ninja is in INSTALLED_APPS), so the
# docs page loads nothing from a CDN and its two scripts are same-origin files that the site-wide
# CSP (script-src 'self') already allows: no nonce template and no per-view CSP relaxation is
# needed. The one foreign request Swagger UI makes by default, the validator.swagger.io badge,
# is switched off.
api = NinjaAPI(
    title="政府信息公开目录数据接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),
)

ItemCode = Literal[tuple(ALL_ITEMS)]  # type: ignore[valid-type]  # built from the statute's list
SubjectCode = Literal[tuple(Subject.values)]  # type: ignore[valid-type]
KindCode = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
ValidityCode = Literal[tuple(Validity.values)]  # type: ignore[valid-type]


# -- schemas -----------------------------------------------------------------------------------


class ErrorOut(Schema):
    model_config = ConfigDict(title="错误")

    detail: str = Field(title="错误说明")


class AgencyOut(Schema):
    """一个公开政府信息的行政机关。"""

    model_config = ConfigDict(title="机关")

    code: str = Field(title="统一社会信用代码")
    name: str = Field(title="机关全称")
    short_name: str = Field(title="简称", description="未设置时为空字符串")
    kind: Literal[tuple(Agency.Kind.values)] = Field(title="机关类型")  # type: ignore[valid-type]
    kind_label: str = Field(title="机关类型名称")
    level: str = Field(title="层级", description="province/city/district/county/township，部门可为空字符串")
    level_label: str = Field(title="层级名称")
    parent_code: str | None = Field(title="上级机关的统一社会信用代码")
    documents_url: str = Field(title="本机关公开文件列表接口地址")


class DocumentSummary(Schema):
    """公开目录中的一条文件（列表和检索用的元数据）。"""

    model_config = ConfigDict(title="文件摘要")

    index_number: str = Field(title="索引号")
    title: str = Field(title="标题")
    agency_code: str = Field(title="发布机关的统一社会信用代码")
    issuing_body: str = Field(title="发布机构")
    document_number: str = Field(title="发文字号", description="无发文字号时为空字符串")
    item: ItemCode = Field(title="公开事项", description="《政府信息公开条例》第二十条、第二十一条所列事项的代码")
    item_label: str = Field(title="公开事项名称")
    subject: SubjectCode = Field(title="主题分类")
    subject_label: str = Field(title="主题分类名称")
    kind: KindCode = Field(title="文件类型")
    kind_label: str = Field(title="文件类型名称")
    written_on: dt.date | None = Field(title="成文日期")
    published_on: dt.date | None = Field(title="发布日期")
    validity: ValidityCode | Literal[""] = Field(title="有效性", description="规章和行政规范性文件才有，其余为空字符串")
    validity_label: str = Field(title="有效性名称")
    repealed: bool = Field(title="是否已废止")
    repealed_on: dt.date | None = Field(title="废止日期")
    summary: str = Field(title="内容概述")
    updated_at: dt.datetime = Field(title="最后更新时间")
    url: str = Field(title="文件网页地址")
    api_url: str = Field(title="文件详情接口地址")


class DocumentPage(Schema):
    """一页文件，以及符合条件的总数。"""

    model_config = ConfigDict(title="文件列表（分页）")

    total: int = Field(title="符合条件的文件总数")
    page: int = Field(title="页码")
    page_size: int = Field(title="每页条数")
    items: list[DocumentSummary] = Field(title="本页文件")


class AttachmentOut(Schema):
    """随文件公开的附件。"""

    model_config = ConfigDict(title="附件")

    name: str = Field(title="文件名")
    content_type: str = Field(title="文件类型", description="按文件内容识别的 MIME 类型")
    size: int = Field(title="大小（字节）")
    sha256: str = Field(title="SHA-256 校验值")
    url: str = Field(title="下载地址")


class RelatedDocument(Schema):
    """政策解读与所解读的文件之间的链接。"""

    model_config = ConfigDict(title="相关文件")

    index_number: str = Field(title="索引号")
    title: str = Field(title="标题")
    url: str = Field(title="文件网页地址")
    api_url: str = Field(title="文件详情接口地址")


class DocumentDetail(DocumentSummary):
    """一条公开文件的全部公开信息：元数据、正文、附件和相关解读。"""

    model_config = ConfigDict(title="文件详情")

    agency_name: str = Field(title="发布机关全称")
    body_html: str = Field(title="正文（HTML）", description="经过白名单清洗的 HTML 片段")
    body_text: str = Field(title="正文（纯文本）")
    attachments: list[AttachmentOut] = Field(title="附件")
    interprets: RelatedDocument | None = Field(title="所解读的文件", description="本文件是政策解读时才有")
    interpretations: list[RelatedDocument] = Field(title="政策解读", description="对本文件的已公开解读")


class SearchHit(Schema):
    """一条命中的文件和高亮的标题、摘要。"""

    model_config = ConfigDict(title="检索命中")

    document: DocumentSummary = Field(title="文件")
    title_html: str = Field(title="标题（高亮）", description="命中的词用 <mark> 标出，其余已转义")
    snippet_html: str = Field(title="摘要（高亮）", description="命中的词用 <mark> 标出，其余已转义")


class SearchResults(Schema):
    """一次检索的结果，按相关度排序。"""

    model_config = ConfigDict(title="检索结果")

    query: str = Field(title="检索词")
    total: int = Field(title="命中总数")
    limit: int = Field(title="每页条数")
    offset: int = Field(title="偏移量")
    hits: list[SearchHit] = Field(title="命中的文件")


class DocumentFilters(Schema):
    model_config = ConfigDict(title="文件筛选条件")

    item: ItemCode | None = Field(None, title="公开事项", description="如 20-1、21-county-4")
    subject: SubjectCode | None = Field(None, title="主题分类")
    kind: KindCode | None = Field(None, title="文件类型")
    year: int | None = Field(None, ge=1949, le=9999, title="发布年份")
    validity: ValidityCode | None = Field(None, title="有效性")
    updated_since: dt.datetime | None = Field(
        None,
        title="更新起始时间",
        description="只返回此时刻以后更新的文件，用于增量同步；可只写日期，不带时区时按北京时间",
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, title="页码")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, title="每页条数")

    @field_validator("updated_since")
    @classmethod
    def _plausible(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.year not in PLAUSIBLE_YEARS:
            raise ValueError("更新起始时间的年份应在1949至2099年之间")
        return value


class SearchFilters(Schema):
    model_config = ConfigDict(title="检索条件")

    q: str = Field(..., min_length=1, max_length=100, title="检索词")
    agency: str | None = Field(None, title="机关", description="机关的统一社会信用代码，不填则检索全部机关")
    item: ItemCode | None = Field(None, title="公开事项")
    subject: SubjectCode | None = Field(None, title="主题分类")
    year: int | None = Field(None, ge=1949, le=9999, title="发布年份")
    limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE, title="每页条数")
    offset: int = Field(0, ge=0, le=10_000, title="偏移量")


# -- building responses ------------------------------------------------------------------------


def _absolute(request: HttpRequest, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def _document_url(request: HttpRequest, document: Document) -> str:
    return _absolute(request, "portal:document", document.agency.code, document.pk)


def _api_url(request: HttpRequest, document: Document) -> str:
    uscc, serial = document.index_number.split("/", 1)
    return _absolute(request, "api:document", uscc, serial)


def _summary(request: HttpRequest, document: Document) -> dict:
    return {
        "index_number": document.index_number,
        "title": document.title,
        "agency_code": document.agency.code,
        "issuing_body": document.issuing_body,
        "document_number": document.document_number,
        "item": document.item,
        "item_label": ALL_ITEMS.get(document.item, ""),
        "subject": document.subject,
        "subject_label": document.get_subject_display(),
        "kind": document.kind,
        "kind_label": document.get_kind_display(),
        "written_on": document.written_on,
        "published_on": document.published_on,
        "validity": document.validity,
        "validity_label": document.get_validity_display() if document.validity else "",
        "repealed": document.status == Status.REPEALED,
        "repealed_on": document.repealed_on if document.status == Status.REPEALED else None,
        "summary": document.summary,
        "updated_at": document.updated_at,
        "url": _document_url(request, document),
        "api_url": _api_url(request, document),
    }


def _related(request: HttpRequest, document: Document) -> dict:
    return {
        "index_number": document.index_number,
        "title": document.title,
        "url": _document_url(request, document),
        "api_url": _api_url(request, document),
    }


def _listed() -> QuerySet[Document]:
    # Newest first, with a stable tie-break so pages never overlap or skip a document.
    return public_documents().select_related("agency").order_by("-published_on", "-pk")


def _agency(code: str) -> Agency:
    agency = active_agencies().filter(code=code).first()
    if agency is None:
        raise HttpError(404, "未找到该机关")
    return agency


# -- endpoints ---------------------------------------------------------------------------------


@api.get(
    "/agencies",
    response=list[AgencyOut],
    url_name="agencies",
    summary="机关列表",
    description="所有启用的机关，按机关层级排列。",
    tags=["机关"],
)
def list_agencies(request):
    return [
        {
            "code": agency.code,
            "name": agency.name,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "kind_label": agency.get_kind_display(),
            "level": agency.level,
            "level_label": agency.get_level_display() if agency.level else "",
            # A parent that is switched off is not listed here, so it is not named either.
            "parent_code": agency.parent.code if agency.parent is not None and agency.parent.is_active else None,
            "documents_url": _absolute(request, "api:agency_documents", agency.code),
        }
        for agency in active_agencies().select_related("parent")
    ]


@api.get(
    "/agencies/{code}/documents",
    response={200: DocumentPage, 404: ErrorOut},
    url_name="agency_documents",
    summary="机关的公开文件",
    description="一个机关的主动公开文件，按发布日期从新到旧，分页返回，可按事项、主题、类型、年份、有效性和更新时间筛选。",
    tags=["文件"],
)
def list_agency_documents(
    request, filters: Query[DocumentFilters], code: str = Path(..., title="机关的统一社会信用代码")
):
    agency = _agency(code)
    documents = _listed().filter(agency=agency)
    for field in ("item", "subject", "kind", "validity"):
        if (value := getattr(filters, field)) is not None:
            documents = documents.filter(**{field: value})
    if filters.year is not None:
        documents = documents.filter(published_on__year=filters.year)
    if (since := filters.updated_since) is not None:
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        documents = documents.filter(updated_at__gte=since)
    start = (filters.page - 1) * filters.page_size
    return {
        "total": documents.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "items": [_summary(request, d) for d in documents[start : start + filters.page_size]],
    }


@api.get(
    "/documents/{uscc}/{serial}",
    response={200: DocumentDetail, 404: ErrorOut},
    url_name="document",
    summary="按索引号取文件",
    description=(
        "按索引号取一条公开文件的全部公开信息。索引号中的斜杠原样写在地址里，"
        "如 `/api/documents/11110109000011108X/2020-00001`。未公开、已撤下或不存在的文件一律返回404。"
    ),
    tags=["文件"],
)
def get_document(
    request,
    # Imported history keeps the 索引号 of the system it came from (catalog.legacy): same two parts,
    # other spellings, so the parts are checked for shape only.
    uscc: str = Path(..., pattern=r"^[0-9A-Za-z][0-9A-Za-z\-_.]{0,48}$", title="索引号前段：统一社会信用代码"),
    serial: str = Path(..., pattern=r"^[0-9A-Za-z][0-9A-Za-z\-_.]{0,48}$", title="索引号后段：年度-序号"),
):
    public = public_documents()
    document = (
        _listed()
        .select_related("interprets__agency")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("sort_order", "pk")),
            Prefetch(
                "interpretations",
                queryset=public.select_related("agency").order_by("published_on", "pk"),
                to_attr="public_interpretations",
            ),
        )
        .filter(index_number=f"{uscc}/{serial}")
        .first()
    )
    if document is None:
        raise HttpError(404, "未找到该文件，或该文件未主动公开")
    interprets = document.interprets
    if interprets is not None and not public.filter(pk=interprets.pk).exists():
        interprets = None
    body = sanitize_html(document.body)
    return {
        **_summary(request, document),
        "agency_name": document.agency.name,
        "body_html": body,
        "body_text": html_to_text(body).strip(),
        "attachments": [
            {
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "url": _absolute(request, "catalog_files:download", a.pk),
            }
            for a in document.attachments.all()
        ],
        "interprets": _related(request, interprets) if interprets is not None else None,
        "interpretations": [_related(request, i) for i in document.public_interpretations],
    }


@api.get(
    "/search",
    response={200: SearchResults, 404: ErrorOut},
    url_name="search",
    summary="全文检索",
    description="在全部公开文件（或一个机关的公开文件）的标题和正文中检索，按相关度排序。",
    tags=["文件"],
)
def search(request, filters: Query[SearchFilters]):
    # search_documents ranks within public_documents() and loads the hits through it again, so a
    # document withdrawn after it was indexed is never returned.
    results = search_documents(
        filters.q,
        agency=_agency(filters.agency) if filters.agency else None,
        item=filters.item,
        subject=filters.subject,
        year=filters.year,
        limit=filters.limit,
        offset=filters.offset,
    )
    return {
        "query": results.query,
        "total": results.total,
        "limit": filters.limit,
        "offset": filters.offset,
        "hits": [
            {
                "document": _summary(request, hit.document),
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
            }
            for hit in results.hits
        ],
    }
