"""版本记录 written for people: Chinese labels, values as read, the body as text, files by name."""

import re

import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.services.versions import body_paragraphs, diff_snapshots, diff_text

from .factories import walk_to_signed

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r"[A-Za-z_]{3,}")


@pytest.fixture
def draft(agency_a, contributor_a, fields):
    return services.draft_document(actor=contributor_a, agency=agency_a, **fields)


@pytest.fixture
def people_a(contributor_a, dept_head_a, reviewer_a, leader_a):
    return {"contributor": contributor_a, "dept_head": dept_head_a, "reviewer": reviewer_a, "leader": leader_a}


def page_text(html: str) -> str:
    """The text a reader sees inside <main> (tags removed, entities left as they are)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize(
    ("name", "old", "new", "says"),
    [
        ("status", "signed", "published", "状态：已签发 → 已发布"),
        ("published_on", None, "2026-03-05", "发布日期：（空） → 2026年3月5日"),
        ("written_on", "2026-03-05", "2026-11-20", "成文日期：2026年3月5日 → 2026年11月20日"),
        ("kind", "other", "normative", "文件类型：其他 → 行政规范性文件"),
        ("validity", "", "valid", "有效性：（空） → 有效"),
        ("disclosure", "proactive", "on_request", "公开属性：主动公开 → 依申请公开"),
        ("subject", "general", "agriculture", "主题分类：综合政务 → 农业、林业、水利"),
        ("repealed_on", None, "2026-12-01", "废止日期：（空） → 2026年12月1日"),
        ("some_future_key", "a", "b", "其他信息：a → b"),
    ],
)
def test_values_are_shown_by_their_chinese_names(name, old, new, says):
    assert diff_text(diff_snapshots({name: old}, {name: new})) == says


def test_the_item_and_the_interpreted_document_are_named(draft):
    text = diff_text(diff_snapshots({"item": "20-12", "interprets": None}, {"item": "20-1", "interprets": draft.pk}))
    assert "公开事项：" in text and "20-1" not in text.replace("20-12", "")
    assert f"所解读的文件：（空） → 《{draft.title}》" in text


@pytest.mark.parametrize(
    ("html", "paragraphs"),
    [
        ("<p>一</p><p>二<br>三</p>", ["一", "二", "三"]),
        ("<h2>标题</h2><ul><li>甲</li><li>乙</li></ul>", ["标题", "甲", "乙"]),
        ("<table><tr><th>姓名</th><td>金额</td></tr></table>", ["姓名　金额"]),
        ("<p>见<img src='/a.png' alt='示意图'>。</p>", ["见［图片：示意图］。"]),
        ("<p>A &amp; B &lt;p&gt;</p>", ["A & B <p>"]),
        ("", []),
    ],
)
def test_the_body_is_read_as_paragraphs_of_text(html, paragraphs):
    assert body_paragraphs(html) == paragraphs


def test_a_body_change_is_marked_inside_its_paragraph_without_tags():
    old = "<p>各村委会：</p><p>现将有关事项通知如下。</p><p>一、加强巡查。</p>"
    new = "<p>各村委会：</p><p>现将有关事项<strong>紧急</strong>通知如下。</p><p>一、加强巡查。</p><p>特此通知。</p>"
    assert diff_text(diff_snapshots({"body": old}, {"body": new})) == (
        "正文：\n各村委会：\n现将有关事项〔新增：紧急〕通知如下。\n一、加强巡查。\n〔新增：特此通知。〕"
    )


def test_unchanged_paragraphs_far_from_a_change_are_left_out():
    paragraphs = [f"第{i}段。" for i in range(1, 11)]
    old = "".join(f"<p>{p}</p>" for p in paragraphs)
    new = old.replace("第5段。", "第五段。")
    text = diff_text(diff_snapshots({"body": old}, {"body": new}))
    assert text == "正文：\n……\n第4段。\n第〔删除：5〕〔新增：五〕段。\n第6段。\n……"


def test_an_unrelated_rewrite_is_shown_as_removed_and_added_whole():
    text = diff_text(diff_snapshots({"title": "关于森林防火的通知"}, {"title": "二〇二六年度预算公开"}))
    assert text == "标题：\n〔删除：关于森林防火的通知〕〔新增：二〇二六年度预算公开〕"


# -- pages ---------------------------------------------------------------------------------------


def test_the_compare_page_has_no_english_and_no_raw_tags(client, draft, people_a, today):
    services.update_document(
        actor=people_a["contributor"],
        document=draft,
        body=draft.body + "<p>请<strong>立即</strong>部署。</p>",
        title="关于做好春季森林防火工作的紧急通知",
    )
    walk_to_signed(draft, **people_a)
    last = draft.versions.order_by("-number").first()
    client.force_login(people_a["contributor"])
    edit = page_text(client.get(reverse("catalog:compare", args=[draft.pk, 2])).content.decode())
    assert "标题" in edit and "正文" in edit and "新增： 请立即部署。" in edit
    assert "&lt;" not in edit and "<p>" not in edit and "strong" not in edit
    signed = client.get(reverse("catalog:compare", args=[draft.pk, last.number])).content.decode()
    assert '<ins class="diff-ins"><span class="visually-hidden">新增：</span>已签发</ins>' in signed
    assert '<del class="diff-del"><span class="visually-hidden">删除：</span>已保密审查</del>' in signed
    for html in (edit, page_text(signed)):
        table = html[html.index("项目") :]
        assert not ENGLISH.findall(table), ENGLISH.findall(table)


def test_the_first_version_shows_what_was_drafted(client, draft, contributor_a):
    client.force_login(contributor_a)
    text = page_text(client.get(reverse("catalog:compare", args=[draft.pk, 1])).content.decode())
    assert "起草时的内容" in text and "新增： 关于做好2024年春季森林防火工作的通知" in text


def test_department_and_directory_item_changes_read_as_they_were_named(client, draft, contributor_a, department_a):
    """Snapshots keep the department and the 标准目录 item by name; the pages show them (a 500 before)."""
    services.update_document(actor=contributor_a, document=draft, department=department_a)
    assert diff_text(diff_snapshots({"department": ""}, {"department": department_a.name})) == (
        f"起草科室：（空） → {department_a.name}"
    )
    client.force_login(contributor_a)
    number = draft.versions.order_by("-number").first().number
    response = client.get(reverse("catalog:compare", args=[draft.pk, number]))
    assert response.status_code == 200
    assert f"起草科室 删除： （空） → 新增： {department_a.name}" in page_text(response.content.decode())


def test_the_history_lists_who_when_and_what(client, draft, contributor_a):
    services.update_document(actor=contributor_a, document=draft, title="新标题", reason="按领导意见修改标题")
    client.force_login(contributor_a)
    text = page_text(client.get(reverse("catalog:history", args=[draft.pk])).content.decode())
    assert "第 2 版" in text and "赵敏" in text and "按领导意见修改标题" in text
    row = text[text.index("第 2 版") : text.index("第 1 版")]
    assert "标题" in row and "正文" not in row
    assert (
        reverse("catalog:compare", args=[draft.pk, 2])
        in client.get(reverse("catalog:history", args=[draft.pk])).content.decode()
    )


def test_history_pages_of_another_agency_are_404(client, draft, clerk_b):
    client.force_login(clerk_b)
    for url in (
        reverse("catalog:history", args=[draft.pk]),
        reverse("catalog:compare", args=[draft.pk, 1]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("catalog:original", args=[draft.pk, 1]), {"original-reason": "x"}).status_code == 404


def test_an_unknown_version_is_404(client, draft, contributor_a):
    client.force_login(contributor_a)
    assert client.get(reverse("catalog:compare", args=[draft.pk, 99])).status_code == 404
