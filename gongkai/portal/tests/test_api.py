"""The public JSON API: only public documents, only public fields, stable paging, no N+1."""

import datetime as dt
import hashlib
import itertools
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.catalog.models import Attachment, Disclosure, Document, Kind, Status, Subject, Validity
from gongkai.catalog.search import rebuild_index
from gongkai.organizations.tests.factories import AgencyFactory, UserFactory
from gongkai.statute.catalog import format_index_number

pytestmark = pytest.mark.django_db

SECRET_OPINION = "经审查，涉及工作秘密的第三段已删除"
REJECTION = "请补充附件后重新报送"
# 索引号 sequence numbers; unique across the whole run, so no test depends on the counter table.
_serials = itertools.count(1)


def publish(agency, *, published_on=dt.date(2024, 3, 1), status=Status.PUBLISHED, **fields) -> Document:
    """A document as the workflow leaves it (built directly: the workflow has its own tests)."""
    author = UserFactory(username="drafter", full_name="赵敏")
    values = {
        "title": "关于做好2024年春季森林防火工作的通知",
        "item": "20-12",
        "summary": "部署春季森林防火工作。",
        "subject": Subject.AGRICULTURE,
        "kind": Kind.OTHER,
        "issuing_body": agency.name,
        "written_on": published_on - dt.timedelta(days=3) if published_on else None,
        "document_number": "潭政发〔2024〕3号",
        "body": "<p>各村委会：</p><p>现将有关事项通知如下。</p>",
        "status": status,
        "published_on": published_on,
        "secrecy_opinion": SECRET_OPINION,
        "rejection_reason": REJECTION,
        **fields,
    }
    year = (published_on or dt.date(2024, 1, 1)).year
    index_number = format_index_number(agency.code, year, next(_serials))
    return Document.objects.create(agency=agency, author=author, index_number=index_number, **values)


def attach(document, name="森林防火责任分工表.pdf", content=b"%PDF-1.4 fire") -> Attachment:
    digest = hashlib.sha256(content).hexdigest()
    return Attachment.objects.create(
        document=document,
        file=ContentFile(content, name=name),
        name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=digest,
    )


def api_path(document) -> str:
    uscc, serial = document.index_number.split("/")
    return reverse("api:document", args=[uscc, serial])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalogue(agency_a, agency_b):
    """agency_a's public catalogue and everything around it that must stay out of the API."""
    policy = publish(
        agency_a,
        title="潭柘寺镇农村人居环境整治实施办法",
        item="20-1",
        kind=Kind.NORMATIVE,
        validity=Validity.VALID,
        subject=Subject.CONSTRUCTION,
        published_on=dt.date(2024, 5, 6),
        body='<p onclick="x()">第一条 为改善农村人居环境。</p><script>alert(1)</script>',
    )
    attach(policy)
    interpretation = publish(
        agency_a,
        title="《潭柘寺镇农村人居环境整治实施办法》政策解读",
        item="20-1",
        kind=Kind.INTERPRETATION,
        interprets=policy,
        published_on=dt.date(2024, 5, 6),
    )
    repealed = publish(
        agency_a,
        title="潭柘寺镇2019年防汛工作方案",
        kind=Kind.NORMATIVE,
        validity=Validity.REPEALED,
        status=Status.REPEALED,
        published_on=dt.date(2019, 6, 1),
        repealed_on=dt.date(2023, 1, 1),
    )
    older = publish(agency_a, title="潭柘寺镇2023年部门预算", item="20-7", subject=Subject.FINANCE,
                    published_on=dt.date(2023, 2, 1))  # fmt: skip
    hidden = {
        "draft": publish(agency_a, title="起草中的通知", status=Status.DRAFT, published_on=None),
        "signed": publish(agency_a, title="已签发未发布的通知", status=Status.SIGNED, published_on=None),
        "unpublished": publish(
            agency_a, title="已撤下的通知", status=Status.UNPUBLISHED, unpublished_on=dt.date(2024, 6, 1)
        ),
        "on_request": publish(agency_a, title="依申请公开的批复", disclosure=Disclosure.ON_REQUEST),
        "withheld": publish(agency_a, title="不予公开的报告", disclosure=Disclosure.WITHHELD),
        "draft_interpretation": publish(
            agency_a,
            title="未发布的解读",
            kind=Kind.INTERPRETATION,
            interprets=policy,
            status=Status.SIGNED,
            published_on=None,
        ),
    }
    other = publish(agency_b, title="王平镇2024年部门预算", item="20-7")
    return {
        "policy": policy,
        "interpretation": interpretation,
        "repealed": repealed,
        "older": older,
        "hidden": hidden,
        "other": other,
    }


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


# -- agencies ------------------------------------------------------------------------------------


def test_agencies_lists_active_agencies_with_their_parent(client, district, agency_a, agency_b):
    AgencyFactory(name="已撤并的镇人民政府", parent=district, is_active=False)
    response = client.get(reverse("api:agencies"))
    assert response.status_code == 200
    by_code = {a["code"]: a for a in response.json()}
    assert set(by_code) == {district.code, agency_a.code, agency_b.code}
    assert by_code[agency_a.code]["parent_code"] == district.code
    assert by_code[district.code]["parent_code"] is None
    assert by_code[agency_a.code]["level"] == "township" and by_code[agency_a.code]["level_label"] == "乡镇级"
    assert by_code[agency_a.code]["kind_label"] == "人民政府"
    assert by_code[agency_a.code]["documents_url"].endswith(f"/api/agencies/{agency_a.code}/documents")


# -- agency documents ------------------------------------------------------------------------------


def test_agency_documents_are_the_public_ones_newest_first(client, agency_a, catalogue):
    response = client.get(reverse("api:agency_documents", args=[agency_a.code]))
    assert titles(response) == [
        # Same date: the later one (the interpretation) first.
        catalogue["interpretation"].title,
        catalogue["policy"].title,
        catalogue["older"].title,
        catalogue["repealed"].title,
    ]
    data = response.json()
    assert data["total"] == 4 and data["page"] == 1 and data["page_size"] == 20
    repealed = data["items"][-1]
    assert repealed["repealed"] is True and repealed["repealed_on"] == "2023-01-01"
    assert repealed["validity"] == "repealed" and repealed["validity_label"] == "废止"
    policy = data["items"][1]
    assert policy["url"] == f"http://testserver/a/{agency_a.code}/documents/{catalogue['policy'].pk}/"
    assert policy["api_url"] == "http://testserver" + api_path(catalogue["policy"])
    assert policy["item_label"].startswith("（一）行政法规、规章和规范性文件")
    assert policy["kind_label"] == "行政规范性文件" and policy["subject_label"] == "城乡建设、环境保护"
    assert policy["repealed"] is False and policy["repealed_on"] is None


def test_unknown_or_inactive_agency_is_404(client, agency_a, catalogue):
    assert client.get(reverse("api:agency_documents", args=["91110000000000000X"])).status_code == 404
    agency_a.is_active = False
    agency_a.save(update_fields=["is_active"])
    response = client.get(reverse("api:agency_documents", args=[agency_a.code]))
    assert response.status_code == 404 and response.json() == {"detail": "未找到该机关"}
    assert client.get(api_path(catalogue["policy"])).status_code == 404
    assert agency_a.code not in {a["code"] for a in client.get(reverse("api:agencies")).json()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"item": "20-7"}, ["older"]),
        ({"subject": "construction"}, ["policy"]),
        ({"kind": "normative"}, ["policy", "repealed"]),
        ({"year": 2019}, ["repealed"]),
        ({"validity": "valid"}, ["policy"]),
        ({"validity": "repealed", "year": 2019}, ["repealed"]),
        ({"item": "20-1", "kind": "interpretation"}, ["interpretation"]),
        ({"year": 2022}, []),
    ],
)
def test_agency_documents_filters(client, agency_a, catalogue, query, expected):
    response = client.get(reverse("api:agency_documents", args=[agency_a.code]), query)
    assert titles(response) == [catalogue[key].title for key in expected]
    assert response.json()["total"] == len(expected)


def test_updated_since_takes_dates_and_times(client, agency_a, catalogue):
    url = reverse("api:agency_documents", args=[agency_a.code])
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    Document.objects.exclude(pk=catalogue["older"].pk).update(updated_at=long_ago)
    assert titles(client.get(url, {"updated_since": "2021-01-01"})) == [catalogue["older"].title]
    assert titles(client.get(url, {"updated_since": "2019-12-31T00:00:00+08:00"})) == titles(client.get(url))


@pytest.mark.parametrize(
    "query",
    [{"item": "20-99"}, {"subject": "sport"}, {"kind": "draft"}, {"validity": "x"}, {"page": 0}, {"page_size": 101},
     {"year": "二〇二四"}, {"updated_since": "yesterday"}],
)  # fmt: skip
def test_bad_filters_are_422(client, agency_a, query):
    assert client.get(reverse("api:agency_documents", args=[agency_a.code]), query).status_code == 422


def test_pages_do_not_overlap(client, agency_a):
    for n in range(7):
        publish(agency_a, title=f"通知{n}", published_on=dt.date(2024, 1, 1))  # one date: the tie-break decides
    url = reverse("api:agency_documents", args=[agency_a.code])
    pages = [titles(client.get(url, {"page": p, "page_size": 3})) for p in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [3, 3, 1, 0]
    assert sorted(title for page in pages for title in page) == sorted(f"通知{n}" for n in range(7))
    assert client.get(url, {"page": 2, "page_size": 3}).json()["total"] == 7


def test_list_query_count_does_not_grow_with_the_page(client, agency_a, agency_b):
    for n in range(12):
        publish(agency_a, title=f"通知{n}")
    url = reverse("api:agency_documents", args=[agency_a.code])
    counts = []
    for size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            assert len(titles(client.get(url, {"page_size": size}))) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("api:agencies"))
    for n in range(5):
        AgencyFactory(name=f"新设第{n}镇人民政府", parent=agency_b)
    with CaptureQueriesContext(connection) as six:
        assert len(client.get(reverse("api:agencies")).json()) == 8
    assert len(one) == len(six)


# -- one document --------------------------------------------------------------------------------


def test_document_by_index_number_has_the_full_public_record(client, agency_a, catalogue):
    policy = catalogue["policy"]
    attachment = policy.attachments.get()
    assert "/" in policy.index_number
    response = client.get(f"/api/documents/{policy.index_number}")  # the 索引号 written as it is
    assert response.status_code == 200
    data = response.json()
    assert data["index_number"] == policy.index_number and data["title"] == policy.title
    assert data["agency_code"] == agency_a.code and data["agency_name"] == agency_a.name
    assert data["document_number"] == "潭政发〔2024〕3号" and data["written_on"] == "2024-05-03"
    assert data["published_on"] == "2024-05-06" and data["validity"] == "valid"
    assert data["body_html"] == "<p>第一条 为改善农村人居环境。</p>"  # sanitised again on the way out
    assert data["body_text"] == "第一条 为改善农村人居环境。"
    assert data["attachments"] == [
        {
            "name": "森林防火责任分工表.pdf",
            "content_type": "application/pdf",
            "size": 13,
            "sha256": attachment.sha256,
            "url": f"http://testserver{reverse('catalog_files:download', args=[attachment.pk])}",
        }
    ]
    assert data["interpretations"] == [
        {
            "index_number": catalogue["interpretation"].index_number,
            "title": catalogue["interpretation"].title,
            "url": f"http://testserver/a/{agency_a.code}/documents/{catalogue['interpretation'].pk}/",
            "api_url": "http://testserver" + api_path(catalogue["interpretation"]),
        }
    ]  # the unpublished interpretation is not listed
    assert data["interprets"] is None
    back = client.get(api_path(catalogue["interpretation"])).json()
    assert back["interprets"]["index_number"] == policy.index_number and back["interpretations"] == []


def test_no_internal_field_ever_appears(client, agency_a, catalogue):
    responses = [
        client.get(api_path(catalogue["policy"])),
        client.get(reverse("api:agency_documents", args=[agency_a.code])),
        client.get(reverse("api:agencies")),
    ]
    for response in responses:
        text = response.content.decode()
        for leak in (SECRET_OPINION, REJECTION, "赵敏", "drafter", "author", "department", "secrecy", "rejection"):
            assert leak not in text


@pytest.mark.parametrize("key", ["draft", "signed", "unpublished", "on_request", "withheld", "draft_interpretation"])
def test_a_document_that_is_not_public_is_404(client, catalogue, key):
    response = client.get(api_path(catalogue["hidden"][key]))
    assert response.status_code == 404
    assert catalogue["hidden"][key].title not in response.content.decode()


def test_malformed_index_numbers_are_rejected(client):
    assert client.get("/api/documents/11110109000011108X/2020-00001").status_code == 404
    assert client.get("/api/documents/not!a!code/2020-00001").status_code == 422
    assert client.get("/api/documents/11110109000011108X/2020~1").status_code == 422
    # Imported history keeps other systems' spellings (catalog.legacy): well-formed, just not there.
    assert client.get("/api/documents/000014349/2020-1").status_code == 404
    assert client.get("/api/documents/11110109000011108X").status_code == 404


def test_a_withdrawn_policy_is_not_linked_from_its_interpretation(client, catalogue):
    Document.objects.filter(pk=catalogue["policy"].pk).update(status=Status.UNPUBLISHED)
    assert client.get(api_path(catalogue["interpretation"])).json()["interprets"] is None


def test_detail_query_count_does_not_grow_with_attachments(client, catalogue):
    policy = catalogue["policy"]
    with CaptureQueriesContext(connection) as before:
        client.get(api_path(policy))
    for n in range(4):
        attach(policy, name=f"附件{n}.pdf", content=f"%PDF-1.4 {n}".encode())
        publish(policy.agency, title=f"解读{n}", kind=Kind.INTERPRETATION, interprets=policy)
    with CaptureQueriesContext(connection) as after:
        data = client.get(api_path(policy)).json()
    assert len(data["attachments"]) == 5 and len(data["interpretations"]) == 5
    assert len(before) == len(after)


# -- search --------------------------------------------------------------------------------------


@pytest.fixture
def searchable(catalogue):
    # publish() writes rows directly, past the services that keep the search index in step.
    rebuild_index()
    return catalogue


def test_search_finds_public_documents_only(client, searchable, agency_a):
    response = client.get(reverse("api:search"), {"q": "通知"})
    assert response.status_code == 200
    data = response.json()
    found = {hit["document"]["title"] for hit in data["hits"]}
    assert data["query"] == "通知" and data["total"] >= 1
    assert "王平镇2024年部门预算" in found  # every agency's, when no agency is given
    assert not found & {d.title for d in searchable["hidden"].values()}
    for hit in data["hits"]:
        assert hit["document"]["api_url"].startswith("http://testserver/api/documents/")
    assert data["limit"] == 20 and data["offset"] == 0


def test_search_in_one_agency_and_filters(client, searchable, agency_a, agency_b):
    budget = client.get(reverse("api:search"), {"q": "部门预算"}).json()
    assert {h["document"]["agency_code"] for h in budget["hits"]} == {agency_a.code, agency_b.code}
    mine = client.get(reverse("api:search"), {"q": "部门预算", "agency": agency_a.code}).json()
    assert [h["document"]["title"] for h in mine["hits"]] == ["潭柘寺镇2023年部门预算"]
    assert client.get(reverse("api:search"), {"q": "部门预算", "year": 2022}).json()["hits"] == []
    assert client.get(reverse("api:search"), {"q": "部门预算", "agency": "91110000000000000X"}).status_code == 404
    assert client.get(reverse("api:search"), {"q": ""}).status_code == 422
    assert client.get(reverse("api:search"), {"q": "预算", "limit": 101}).status_code == 422


def test_search_highlights_are_escaped_html(client, searchable, agency_a):
    publish(agency_a, title="关于<b>防汛</b>的通知", summary="防汛")
    rebuild_index()
    data = client.get(reverse("api:search"), {"q": "防汛", "agency": agency_a.code}).json()
    for hit in data["hits"]:
        assert "<b>" not in hit["title_html"] and "<script" not in hit["snippet_html"]


def test_search_query_count_does_not_grow_with_hits(client, searchable, agency_a):
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("api:search"), {"q": "预算", "limit": 1})
    for n in range(6):
        publish(agency_a, title=f"潭柘寺镇{2010 + n}年部门预算", item="20-7")
    rebuild_index()
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse("api:search"), {"q": "预算", "limit": 50}).json()["hits"]) >= 7
    assert len(few) == len(many)


# -- OpenAPI and docs ------------------------------------------------------------------------------


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


HAN = re.compile(r"[\u4e00-\u9fff]")


def test_openapi_document_is_complete_and_consistent(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1.") and spec["info"]["title"] == "政府信息公开目录数据接口"
    assert "%2F" in spec["info"]["description"] or "斜杠" in spec["info"]["description"]
    assert set(spec["paths"]) == {
        "/api/agencies",
        "/api/agencies/{code}/documents",
        "/api/documents/{uscc}/{serial}",
        "/api/search",
    }
    operation_ids = []
    for path, methods in spec["paths"].items():
        assert set(methods) == {"get"}, f"{path} must be read-only"
        operation = methods["get"]
        operation_ids.append(operation["operationId"])
        assert HAN.search(operation["summary"]), f"{path} needs a Chinese summary"
        assert "200" in operation["responses"]
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path))
        for parameter in operation.get("parameters", []):
            assert HAN.search(parameter["schema"].get("title", "")), f"{path} {parameter['name']} needs a Chinese title"
    assert len(set(operation_ids)) == len(operation_ids)
    schemas = spec["components"]["schemas"]
    for ref in _refs(spec):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    detail = schemas["DocumentDetail"]["properties"]
    assert {"body_html", "body_text", "attachments", "interpretations"} <= set(detail)
    assert not {"author", "secrecy_opinion", "rejection_reason", "department", "status"} & set(detail)
    assert all(HAN.search(p.get("title", "")) for p in detail.values())
    assert all(HAN.search(schema.get("title", "")) for schema in schemas.values())


def test_docs_page_loads_nothing_from_other_hosts(client, settings):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    foreign = re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//[^"']+""", html)
    assert foreign == []
    assert '"validatorUrl": null' in html  # Swagger UI would otherwise load a badge from validator.swagger.io
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_api_is_read_only(client, agency_a):
    for url in (reverse("api:agencies"), reverse("api:agency_documents", args=[agency_a.code])):
        assert client.post(url, {}).status_code == 405
        assert client.delete(url).status_code == 405


@pytest.mark.parametrize("query", ["page=576460752303423487", "updated_since=0001-01-01", "updated_since=9999-12-31"])
def test_absurd_paging_and_dates_are_refused_not_failed(client, query):
    from gongkai.organizations.tests.factories import AgencyFactory

    agency = AgencyFactory()
    response = client.get(f"/api/agencies/{agency.code}/documents?{query}")
    assert response.status_code == 422
