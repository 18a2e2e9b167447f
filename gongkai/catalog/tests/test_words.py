"""The agency's own word lists: office heads add and remove, other staff read, other agencies see nothing."""

import pytest
from django.urls import reverse

from gongkai.catalog.models import CheckWord
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def words_url(agency_a):
    return reverse("catalog:words", args=[agency_a.code])


def test_office_head_adds_and_removes_words(client, office_head_a, agency_a, words_url):
    client.force_login(office_head_a)
    page = client.get(words_url).content.decode()
    assert "添加词语" in page and "内部资料" in page and "再接再厉" in page  # starter lists beside
    response = client.post(words_url, {"kind": "miswriting", "word": "帐号", "correction": "账号"})
    assert response.status_code == 302
    client.post(words_url, {"kind": "sensitive", "word": "内部传阅"})
    assert set(CheckWord.objects.filter(agency=agency_a).values_list("kind", "word", "correction")) == {
        ("miswriting", "帐号", "账号"),
        ("sensitive", "内部传阅", ""),
    }
    page = client.get(words_url).content.decode()
    assert "帐号" in page and "内部传阅" in page
    entry = CheckWord.objects.get(word="帐号")
    client.post(reverse("catalog:word_remove", args=[agency_a.code, entry.pk]))
    assert not CheckWord.objects.filter(word="帐号").exists()
    assert list(
        AuditEvent.objects.filter(code__startswith="catalog.word").order_by("pk").values_list("code", flat=True)
    ) == [
        "catalog.word_added",
        "catalog.word_added",
        "catalog.word_removed",
    ]


def test_a_rejected_word_keeps_what_was_typed(client, office_head_a, words_url):
    client.force_login(office_head_a)
    response = client.post(words_url, {"kind": "miswriting", "word": "帐号", "correction": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "易错词应填写正确写法" in page and 'value="帐号"' in page
    assert not CheckWord.objects.exists()


def test_other_staff_read_but_cannot_change(client, clerk_a, office_head_a, agency_a, words_url):
    entry = CheckWord.objects.create(agency=agency_a, kind="sensitive", word="内部传阅")
    client.force_login(clerk_a)
    page = client.get(words_url).content.decode()
    assert "内部传阅" in page and "添加词语" not in page and "公开办负责人维护" in page
    assert client.post(words_url, {"kind": "sensitive", "word": "x"}).status_code == 403
    assert client.post(reverse("catalog:word_remove", args=[agency_a.code, entry.pk])).status_code == 403
    assert CheckWord.objects.count() == 1


def test_other_agencies_get_404(client, clerk_b, agency_a, agency_b, words_url):
    entry = CheckWord.objects.create(agency=agency_a, kind="sensitive", word="内部传阅")
    client.force_login(clerk_b)
    assert client.get(words_url).status_code == 404
    assert client.post(words_url, {"kind": "sensitive", "word": "x"}).status_code == 404
    # …and an entry of agency A cannot be removed through agency B's own page either.
    assert client.post(reverse("catalog:word_remove", args=[agency_b.code, entry.pk])).status_code == 404
    assert CheckWord.objects.count() == 1


def test_the_catalogue_list_links_to_the_word_lists(client, clerk_a, words_url):
    client.force_login(clerk_a)
    assert words_url in client.get(reverse("catalog:list")).content.decode()


def test_supervisors_read_the_lists_of_supervised_agencies(client, supervisor, words_url):
    client.force_login(supervisor)
    response = client.get(words_url)
    assert response.status_code == 200 and "添加词语" not in response.content.decode()
