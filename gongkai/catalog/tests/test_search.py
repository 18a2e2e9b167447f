"""Full-text search of the public catalogue, on SQLite FTS5 and on PostgreSQL tsvector alike."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.catalog import services
from gongkai.catalog.models import Disclosure, Document, Kind, Subject
from gongkai.catalog.search import (
    Results,
    index_document,
    rebuild_index,
    search_documents,
    unindex_document,
)
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import MembershipFactory, UserFactory

from .factories import policy_fields, walk_to_signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def people_a(contributor_a, dept_head_a, reviewer_a, leader_a):
    return {"contributor": contributor_a, "dept_head": dept_head_a, "reviewer": reviewer_a, "leader": leader_a}


@pytest.fixture
def people_b(agency_b):
    def member(role, username):
        return MembershipFactory(user=UserFactory(username=username), agency=agency_b, role=role).user

    return {
        "contributor": member(Role.CONTRIBUTOR, "contributor_b"),
        "dept_head": member(Role.DEPARTMENT_HEAD, "dept_head_b"),
        "reviewer": member(Role.REVIEWER, "reviewer_b"),
        "leader": member(Role.LEADER, "leader_b"),
    }


@pytest.fixture
def publish(agency_a, people_a, calendar, today, django_capture_on_commit_callbacks):
    """Draft, review and publish a document through the services, running the on-commit indexing."""

    def publish(*, agency=agency_a, people=people_a, sign_only=False, **overrides):
        fields = policy_fields(today - dt.timedelta(days=3), **overrides)
        with django_capture_on_commit_callbacks(execute=True):
            document = services.draft_document(actor=people["contributor"], agency=agency, **fields)
            walk_to_signed(document, **people)
            if not sign_only:
                services.publish_document(
                    actor=people["leader"], document=document, calendar=calendar, override_reason="测试数据"
                )
        document.refresh_from_db()
        return document

    return publish


def found(query, **filters):
    return [hit.document.pk for hit in search_documents(query, **filters).hits]


def indexed_ids():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid FROM catalog_search ORDER BY 1")
        else:
            cursor.execute("SELECT document_id FROM catalog_search ORDER BY 1")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def notice(publish):
    return publish(
        title="关于做好国有土地上房屋征收补偿工作的通知",
        summary="明确征收补偿标准和程序。",
        body="<p>各村委会：</p><p>为做好政府信息公开工作，现将有关事项通知如下。</p><p>信息</p><p>透明</p>",
    )


@pytest.mark.parametrize(
    ("query", "hit"),
    [
        ("公开", True),  # two characters, in the body
        ("补偿", True),  # two characters, in the title
        ("征收补偿", True),
        ("政府信息公开", True),
        ("房屋 村委会", True),  # every term, anywhere
        ("潭政发", True),  # 发文字号
        ("补偿标准", True),  # 内容概述
        ("征", True),  # one character (a prefix token)
        ("屋", True),  # one character ending a bigram (房屋)
        ("信息透明", False),  # two paragraphs: not adjacent
        ("通知各村", False),  # title and body are different fields
        ("补偿 森林", False),  # one term missing
        ("偿征", False),
    ],
)
def test_words_and_phrases(notice, query, hit):
    assert found(query) == ([notice.pk] if hit else [])


def test_title_matches_rank_above_body_matches(publish):
    in_body = publish(title="关于召开工作会议的通知", body="<p>会议将研究宅基地审核事项。</p>")
    in_title = publish(title="农村宅基地使用审核结果公示", body="<p>现予公示。</p>")
    assert found("宅基地") == [in_title.pk, in_body.pk]


def test_hits_are_highlighted_and_escaped(publish):
    document = publish(
        title="关于<公开>目录的说明",
        body="<p>&lt;script&gt;alert('公开')&lt;/script&gt;</p><script>alert(1)</script><p>信息公开 &amp; 透明</p>",
    )
    [hit] = search_documents("公开").hits
    assert hit.document == document
    assert hit.title_html == "关于&lt;<mark>公开</mark>&gt;目录的说明"
    assert "<script" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "信息<mark>公开</mark> &amp; 透明" in hit.snippet_html
    assert "alert(1)" not in hit.snippet_html  # the sanitiser dropped the script element


def test_snippet_falls_back_to_the_summary(publish):
    publish(title="部门预算", summary="公开本年度部门预算。", body="<p>见附件。</p>")
    [hit] = search_documents("本年度").hits
    assert hit.snippet_html == "公开<mark>本年度</mark>部门预算。"


def test_filters(publish, agency_a, agency_b, people_b):
    budget = publish(title="2024年部门预算", item="20-7", subject=Subject.FINANCE)
    plan = publish(title="防汛应急预案", item="20-12", subject=Subject.CIVIL, summary="部门预算外的应急经费")
    other = publish(agency=agency_b, people=people_b, title="王平镇部门预算", item="20-7")
    Document.objects.filter(pk=plan.pk).update(published_on=dt.date(2023, 6, 1))
    everywhere = set(found("预算"))
    assert everywhere == {budget.pk, plan.pk, other.pk}
    assert set(found("预算", agency=agency_a)) == {budget.pk, plan.pk}
    assert found("预算", agency=agency_b) == [other.pk]
    assert set(found("预算", item="20-7")) == {budget.pk, other.pk}
    assert found("预算", subject=Subject.CIVIL) == [plan.pk]
    assert found("预算", year=2023) == [plan.pk]
    assert found("预算", agency=agency_a, item="20-7", subject=Subject.FINANCE, year=budget.published_on.year) == [
        budget.pk
    ]
    assert found("预算", year=2001) == []


def test_only_public_documents_are_found(publish, agency_a, people_a, today, django_capture_on_commit_callbacks):
    published = publish(title="森林防火工作通知")
    publish(title="森林防火工作方案", sign_only=True)  # signed, not published
    withheld = publish(title="森林防火工作批复", disclosure=Disclosure.ON_REQUEST, disclosure_reason="仅涉及特定对象")
    assert withheld.status == "published"
    assert found("森林防火") == [published.pk]
    assert indexed_ids() == [published.pk]
    agency_a.is_active = False
    agency_a.save(update_fields=["is_active"])
    assert found("森林防火") == []  # decided at query time: no re-index needed


def test_unpublish_removes_and_repeal_keeps(publish, people_a, today, django_capture_on_commit_callbacks):
    notice = publish(title="临时救助办理指南")
    rule = publish(title="临时救助实施办法", kind=Kind.RULE)
    assert set(found("临时救助")) == {notice.pk, rule.pk}
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_document(actor=people_a["leader"], document=notice, reason="信息已过时")
        services.repeal_document(actor=people_a["leader"], document=rule, on=today, reason="上位法修改")
    assert found("临时救助") == [rule.pk]  # a repealed document stays public, marked 废止
    assert indexed_ids() == [rule.pk]


def test_nothing_is_indexed_before_commit(publish, people_a, calendar, today):
    document = publish(title="冬季除雪铲冰应急预案", sign_only=True)
    services.publish_document(actor=people_a["leader"], document=document, calendar=calendar)
    assert found("除雪") == []  # the test transaction never commits, so on_commit never ran


def test_index_follows_changes_made_later_in_the_same_transaction(
    agency_a, people_a, calendar, today, django_capture_on_commit_callbacks
):
    # The demo re-dates documents and sets their 发文字号 after publishing, in one transaction:
    # the on-commit indexing reads the row as committed.
    document = services.draft_document(
        actor=people_a["contributor"], agency=agency_a, **policy_fields(today - dt.timedelta(days=3))
    )
    walk_to_signed(document, **people_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_document(actor=people_a["leader"], document=document, calendar=calendar)
        Document.objects.filter(pk=document.pk).update(document_number="潭政发〔2021〕9号")
    assert found("潭政发〔2021〕9号") == [document.pk]
    assert found("潭政发〔2021〕3号") == []


def test_index_and_unindex_directly(notice):
    unindex_document(notice)
    assert found("补偿") == []
    index_document(notice)
    index_document(notice)  # idempotent
    assert found("补偿") == [notice.pk] and indexed_ids() == [notice.pk]
    Document.objects.filter(pk=notice.pk).update(status="unpublished")
    index_document(notice)  # not public any more: removed
    assert indexed_ids() == []


def test_rebuild(notice, publish):
    draft = publish(title="不应被索引的草稿", sign_only=True)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_search")
    assert found("补偿") == []
    assert rebuild_index() == 1
    assert found("补偿") == [notice.pk] and draft.pk not in indexed_ids()
    call_command("search_index", "rebuild", stdout=(out := io.StringIO()))
    assert "1 件已公开文件" in out.getvalue()


def test_paging_and_total(publish):
    ids = [publish(title=f"第{n}批农村宅基地使用审核结果公示").pk for n in "一二三"]
    results = search_documents("宅基地", limit=2)
    assert results.total == 3 and len(results.hits) == 2
    assert search_documents("宅基地", limit=2, offset=2).total == 3
    assert [h.document.pk for h in search_documents("宅基地", limit=2, offset=2).hits] == [
        pk for pk in ids if pk not in [h.document.pk for h in results.hits]
    ]
    past_the_end = search_documents("宅基地", offset=10)
    assert (past_the_end.total, past_the_end.hits) == (3, [])


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"公开',
        "公开 AND",
        "AND OR NOT",
        "NEAR(公开 工作, 2)",
        "公*",
        "*",
        "title:公开",
        "body : 公开",
        "公开 & 工作 | !信息",
        "公开:* <-> 工作",
        "'; DROP TABLE catalog_search; --",
        "^公开",
        "(((",
        "\\",
        "\x00公开",
        "公开" * 200,
        " ".join(["公开"] * 100),
    ],
)
def test_hostile_queries_never_raise(notice, query):
    results = search_documents(query)
    assert results.query == query
    assert results.total == len(results.hits) <= 1


def test_empty_query_finds_nothing_without_touching_the_database(notice, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert search_documents("  ，。 ") == Results(query="  ，。 ", total=0, hits=[])


def test_a_results_page_needs_two_queries(publish, django_assert_num_queries):
    for n in range(5):
        publish(title=f"第{n}季度安全生产检查情况")
    with django_assert_num_queries(2):
        results = search_documents("安全生产")
        names = [hit.document.agency.name for hit in results.hits]
    assert len(names) == 5
