"""Staff pages: tenancy on every URL, masking, logged views, the steps. Public pages: form, lookup, list."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Role
from gongkai.organizations.tests.factories import DepartmentFactory, MembershipFactory, UserFactory
from gongkai.suggestions import services
from gongkai.suggestions.models import Message, Status
from gongkai.suggestions.tests.factories import leave

pytestmark = pytest.mark.django_db

NAME, PHONE = "欧阳明月", "13912345678"


@pytest.fixture(autouse=True)
def _empty_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def message_a(agency_a):
    return leave(agency_a, name=NAME, contact=PHONE, received_on=dt.date(2024, 11, 4)).message


def staff_urls(message):
    return [
        ("get", reverse("suggestions:detail", args=[message.pk]), {}),
        ("get", reverse("suggestions:contact", args=[message.pk]), {}),
        ("post", reverse("suggestions:action", args=[message.pk, "reply"]), {"reply-reply": "已答复。"}),
        ("post", reverse("suggestions:action", args=[message.pk, "invalid"]), {"invalid-reason": "spam"}),
        ("post", reverse("suggestions:action", args=[message.pk, "assign"]), {"assign-department": ""}),
        ("post", reverse("suggestions:action", args=[message.pk, "publish"]), {}),
    ]


# -- staff -------------------------------------------------------------------------------------


def test_another_agencys_clerk_gets_404_on_every_message_url(client, clerk_b, message_a):
    client.force_login(clerk_b)
    for method, url, data in staff_urls(message_a):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert message_a.number not in client.get(reverse("suggestions:list") + "?view=all").content.decode()
    message_a.refresh_from_db()
    assert message_a.status == Status.PENDING
    assert not AuditEvent.objects.filter(code="message.contact_viewed").exists()


def test_anonymous_is_sent_to_login(client, message_a):
    for method, url, data in staff_urls(message_a):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_supervisor_reads_but_cannot_act(client, supervisor, message_a):
    client.force_login(supervisor)
    page = client.get(reverse("suggestions:detail", args=[message_a.pk])).content.decode()
    assert "只有查看权限" in page and "提交答复" not in page
    response = client.post(reverse("suggestions:action", args=[message_a.pk, "reply"]), {"reply-reply": "x"})
    assert response.status_code == 404
    message_a.refresh_from_db()
    assert message_a.status == Status.PENDING


def test_list_masks_names_and_contacts(client, clerk_a, message_a):
    client.force_login(clerk_a)
    html = client.get(reverse("suggestions:list")).content.decode()
    assert message_a.number in html and "欧**" in html and "139****5678" in html
    assert NAME not in html and PHONE not in html
    detail = client.get(reverse("suggestions:detail", args=[message_a.pk])).content.decode()
    assert NAME not in detail and PHONE not in detail
    assert not AuditEvent.objects.filter(code="message.contact_viewed").exists()


def test_viewing_the_writers_contact_is_logged(client, clerk_a, supervisor, message_a):
    for user in (clerk_a, supervisor):
        client.force_login(user)
        html = client.get(reverse("suggestions:contact", args=[message_a.pk])).content.decode()
        assert NAME in html and PHONE in html
        assert AuditEvent.objects.filter(code="message.contact_viewed", actor=user).count() == 1


@pytest.mark.parametrize(
    ("view", "expected"),
    [("pending", {"late", "fresh"}), ("overdue", {"late"}), ("answered", {"done"}), ("invalid", {"spam"})],
)
def test_list_filters(client, clerk_a, agency_a, view, expected):
    today = timezone.localdate()
    leave(agency_a, subject="late", received_on=today - dt.timedelta(days=40))
    leave(agency_a, subject="fresh", received_on=today)
    services.reply_to_message(actor=clerk_a, message=leave(agency_a, subject="done").message, reply="已答复。")
    services.mark_invalid(actor=clerk_a, message=leave(agency_a, subject="spam").message, reason="广告")
    client.force_login(clerk_a)
    page = client.get(reverse("suggestions:list"), {"view": view}).context["page"]
    assert {m.subject for m in page} == expected


def test_clerk_replies_through_the_detail_page(client, clerk_a, message_a):
    client.force_login(clerk_a)
    url = reverse("suggestions:action", args=[message_a.pk, "reply"])
    response = client.post(url, {"reply-reply": "已安排维修，预计本周内修复。", "reply-publish": "on"})
    assert response.status_code == 302
    message_a.refresh_from_db()
    assert message_a.status == Status.ANSWERED and message_a.is_published and message_a.replied_by == clerk_a


def test_an_empty_reply_is_shown_again_with_an_error(client, clerk_a, message_a):
    client.force_login(clerk_a)
    response = client.post(reverse("suggestions:action", args=[message_a.pk, "reply"]), {"reply-reply": ""})
    assert response.status_code == 400 and "请填写答复内容" in response.content.decode()


def test_invalid_other_needs_a_detail_and_keeps_the_choice(client, clerk_a, message_a):
    client.force_login(clerk_a)
    url = reverse("suggestions:action", args=[message_a.pk, "invalid"])
    response = client.post(url, {"invalid-reason": "other", "invalid-detail": ""})
    assert response.status_code == 400 and "请填写说明" in response.content.decode()
    assert client.post(url, {"invalid-reason": "duplicate", "invalid-detail": "同YJ2024-00001"}).status_code == 302
    message_a.refresh_from_db()
    assert message_a.status == Status.INVALID and message_a.invalid_reason == "重复留言：同YJ2024-00001"


def test_publish_button_only_with_consent(client, clerk_a, agency_a):
    client.force_login(clerk_a)
    private = leave(agency_a, publish_allowed=False).message
    services.reply_to_message(actor=clerk_a, message=private, reply="已答复。")
    page = client.get(reverse("suggestions:detail", args=[private.pk])).content.decode()
    assert "公开留言和答复" not in page
    client.post(reverse("suggestions:action", args=[private.pk, "publish"]))
    private.refresh_from_db()
    assert not private.is_published


def test_department_head_sees_reply_form_only_for_routed_messages(client, clerk_a, agency_a, message_a):
    roads = DepartmentFactory(agency=agency_a, name="城乡建设办公室")
    head = MembershipFactory(
        user=UserFactory(username="roads_head"), agency=agency_a, role=Role.DEPARTMENT_HEAD, department=roads
    ).user
    client.force_login(head)
    url = reverse("suggestions:detail", args=[message_a.pk])
    assert "提交答复" not in client.get(url).content.decode()
    services.assign_message(actor=clerk_a, message=message_a, department=roads)
    page = client.get(url).content.decode()
    assert "提交答复" in page and "标记无效" not in page
    client.post(reverse("suggestions:action", args=[message_a.pk, "reply"]), {"reply-reply": "已修复。"})
    message_a.refresh_from_db()
    assert message_a.status == Status.ANSWERED


def test_unknown_action_is_404(client, clerk_a, message_a):
    client.force_login(clerk_a)
    assert client.post(reverse("suggestions:action", args=[message_a.pk, "delete"])).status_code == 404


# -- public ------------------------------------------------------------------------------------


def form_data(key="k" * 32, **overrides):
    return {
        "submission_key": key,
        "homepage": "",
        "subject": "村口路灯不亮",
        "body": "王坡村村口路灯一个多月不亮，夜里很不安全。",
        "name": "张三丰",
        "contact": "zhang@example.com",
        "publish_allowed": "on",
        **overrides,
    }


def test_public_form_happy_path_shows_number_and_code_once(client, agency_a):
    url = reverse("suggestions_public:form", args=[agency_a.code])
    page = client.get(url)
    assert page.status_code == 200 and "我要留言" in page.content.decode()
    response = client.post(url, form_data())
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.agency == agency_a and message.publish_allowed and message.contact == "zhang@example.com"
    done = client.get(response["Location"]).content.decode()
    code = client.session  # the code is gone from the session once shown
    assert message.number in done and 'id="query-code"' in done
    assert code["suggestions.receipt"]["code"] == ""
    again = client.get(response["Location"]).content.decode()
    assert message.number in again and 'id="query-code"' not in again


def test_public_form_repeat_submission_is_one_message(client, agency_a):
    url = reverse("suggestions_public:form", args=[agency_a.code])
    client.post(url, form_data())
    client.post(url, form_data())
    assert Message.objects.count() == 1


def test_bad_input_gets_specific_errors_and_keeps_what_was_typed(client, agency_a):
    url = reverse("suggestions_public:form", args=[agency_a.code])
    response = client.post(url, form_data(contact="打电话给我", body="太短", subject="路灯问题咨询"))
    html = response.content.decode()
    assert response.status_code == 200 and not Message.objects.exists()
    assert 'id="error-summary"' in html and "留言未提交，有2处需要修改" in html
    assert "请填写正确的手机号码" in html and "留言内容过短（2个字）" in html
    assert 'value="路灯问题咨询"' in html and "太短</textarea>" in html and 'value="打电话给我"' in html
    assert 'value="张三丰"' in html and 'aria-invalid="true"' in html
    assert f'value="{"k" * 32}"' in html  # same key: the corrected form is still one message


def test_full_width_contact_is_accepted(client, agency_a):
    url = reverse("suggestions_public:form", args=[agency_a.code])
    assert client.post(url, form_data(contact="１３８１２３４５６７８")).status_code == 302
    assert Message.objects.get().contact == "13812345678"


def test_honeypot_filled_in_is_refused(client, agency_a):
    url = reverse("suggestions_public:form", args=[agency_a.code])
    response = client.post(url, form_data(homepage="http://spam.example.com"))
    assert response.status_code == 400 and not Message.objects.exists()
    assert "提交未成功" in response.content.decode() and 'href="#id_homepage"' not in response.content.decode()


def test_public_form_is_throttled_and_keeps_the_text(client, agency_a):
    url = reverse("suggestions_public:form", args=[agency_a.code])
    for n in range(5):
        assert client.post(url, form_data(key=f"{n}" * 32)).status_code == 302
    response = client.post(url, form_data(key="x" * 32, subject="第六条留言"))
    html = response.content.decode()
    assert response.status_code == 429 and "提交过于频繁" in html and 'value="第六条留言"' in html
    assert Message.objects.count() == 5


def test_done_page_without_a_submission_goes_back_to_the_form(client, agency_a):
    response = client.get(reverse("suggestions_public:submitted", args=[agency_a.code]))
    assert response.status_code == 302 and response["Location"].endswith("/messages/new/")


def test_lookup_shows_the_reply_with_the_right_code_only(client, agency_a, clerk_a):
    submission = leave(agency_a, received_on=dt.date(2024, 11, 4))
    services.reply_to_message(actor=clerk_a, message=submission.message, reply="路灯已修复。")
    url = reverse("suggestions_public:lookup", args=[agency_a.code])
    wrong = client.post(url, {"number": "YJ2024-00001", "code": "AAAAAAAA"}).content.decode()
    assert "留言编号或查询码不正确" in wrong and "路灯已修复" not in wrong
    right = client.post(url, {"number": "yj2024-1", "code": submission.query_code.lower()}).content.decode()
    assert "路灯已修复" in right and "已答复" in right
    assert "张三丰" not in right and "13812345678" not in right


def test_lookup_is_throttled_after_five_failures(client, agency_a):
    submission = leave(agency_a, received_on=dt.date(2024, 11, 4))
    url = reverse("suggestions_public:lookup", args=[agency_a.code])
    for _ in range(5):
        client.post(url, {"number": "YJ2024-00001", "code": "AAAAAAAA"})
    response = client.post(url, {"number": "YJ2024-00001", "code": submission.query_code})
    assert response.status_code == 429 and "查询失败次数过多" in response.content.decode()


def test_lookup_empty_fields_get_errors(client, agency_a):
    html = client.post(reverse("suggestions_public:lookup", args=[agency_a.code]), {}).content.decode()
    assert "请填写留言编号" in html and "请填写查询码" in html


def test_public_list_and_detail_show_only_published_answers_with_masked_names(client, agency_a, agency_b, clerk_a):
    shown = leave(agency_a, name=NAME, contact=PHONE, subject="公开的问题").message
    services.reply_to_message(actor=clerk_a, message=shown, reply="公开的答复。", publish=True)
    hidden = leave(agency_a, subject="未公开的问题").message
    services.reply_to_message(actor=clerk_a, message=hidden, reply="x")
    html = client.get(reverse("suggestions_public:list", args=[agency_a.code])).content.decode()
    assert "公开的问题" in html and "未公开的问题" not in html and "欧**" in html
    assert NAME not in html and PHONE not in html and "10个工作日内答复" in html
    detail = client.get(reverse("suggestions_public:detail", args=[agency_a.code, shown.pk])).content.decode()
    assert "公开的答复。" in detail and NAME not in detail and PHONE not in detail
    assert client.get(reverse("suggestions_public:detail", args=[agency_a.code, hidden.pk])).status_code == 404
    assert client.get(reverse("suggestions_public:detail", args=[agency_b.code, shown.pk])).status_code == 404


def test_inactive_or_unknown_agency_is_404(client, agency_a):
    agency_a.is_active = False
    agency_a.save()
    for name in ("list", "form", "lookup"):
        assert client.get(reverse(f"suggestions_public:{name}", args=[agency_a.code])).status_code == 404
    assert client.get(reverse("suggestions_public:list", args=["NOSUCHAGENCY"])).status_code == 404


def test_staff_desk_counts_pending_and_overdue_messages(client, clerk_a, clerk_b, agency_a):
    leave(agency_a, received_on=timezone.localdate() - dt.timedelta(days=40))
    leave(agency_a)
    client.force_login(clerk_a)
    html = client.get(reverse("staff:home")).content.decode()
    assert "2条留言待答复" in html and "1条已逾期" in html
    client.force_login(clerk_b)
    assert "0条留言待答复" in client.get(reverse("staff:home")).content.decode()
