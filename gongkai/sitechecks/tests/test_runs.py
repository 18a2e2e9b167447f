"""立即自查 in the background: progress while it runs, the result when done, one run at a time."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.sitechecks import gathering, services
from gongkai.sitechecks.crawler import Crawl
from gongkai.sitechecks.models import SiteCheck, SiteCheckRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def queued(settings):
    # Enqueued and never run: the run stays open, as while a worker is busy with it.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_a_started_check_runs_as_a_task_and_saves_its_progress(
    agency_a, clerk_a, immediate, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []

    def crawl(agency, *, on_page=None):
        for done in range(1, 5):
            on_page(done, 4)
            seen.append(SiteCheckRun.objects.values_list("stage", "pages_done", "pages_found").get())
        return Crawl(start="/", homepage_status=200, homepage_ms=3, pages=4), 200

    monkeypatch.setattr(gathering, "crawl_portal", crawl)
    monkeypatch.setattr(services, "PROGRESS_EVERY_SECONDS", 0)  # save every page
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_sitecheck(agency=agency_a, actor=clerk_a)
    assert seen == [("crawling", n, 4) for n in range(1, 5)]
    run.refresh_from_db()
    check = SiteCheck.objects.get()
    assert run.finished and run.stage == "done" and run.result == check and check.run_by == clerk_a
    assert (run.pages_done, run.pages_found) == (4, 4)
    assert {e.code for e in AuditEvent.objects.all()} == {"sitecheck.started", "sitecheck.run"}


def test_a_second_click_while_running_is_refused_and_changes_nothing(client, agency_a, clerk_a, queued, quick_crawl):
    client.force_login(clerk_a)
    first = client.post(reverse("sitechecks:run", args=[agency_a.code]))
    run = SiteCheckRun.objects.get()
    assert first.url == reverse("sitechecks:run_detail", args=[run.pk])
    events = AuditEvent.objects.count()
    second = client.post(reverse("sitechecks:run", args=[agency_a.code]), follow=True)
    assert "自查正在进行中" in second.text
    assert SiteCheckRun.objects.count() == 1 and AuditEvent.objects.count() == events
    assert not SiteCheck.objects.exists()
    listing = client.get(reverse("sitechecks:list")).text
    assert "自查正在进行中" in listing and reverse("sitechecks:run_detail", args=[run.pk]) in listing


def test_the_service_refuses_too_and_the_database_backs_it(agency_a, clerk_a, office_head_a, queued):
    services.start_sitecheck(agency=agency_a, actor=clerk_a)
    with pytest.raises(ValidationError, match="自查正在进行中"):
        services.start_sitecheck(agency=agency_a, actor=office_head_a)
    # Even if two clicks pass the first test together, the constraint lets only one run open.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SiteCheckRun.objects.create(agency=agency_a, started_by=office_head_a, checked_on=timezone.localdate())


def test_another_agency_may_run_meanwhile(agency_a, agency_b, clerk_a, clerk_b, queued):
    services.start_sitecheck(agency=agency_a, actor=clerk_a)
    services.start_sitecheck(agency=agency_b, actor=clerk_b)
    assert SiteCheckRun.objects.count() == 2


def test_a_stalled_run_is_let_go(agency_a, clerk_a, queued):
    stalled = services.start_sitecheck(agency=agency_a, actor=clerk_a)
    SiteCheckRun.objects.filter(pk=stalled.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=SiteCheckRun.STALL_MINUTES + 1)
    )
    assert services.running_check(agency_a) is None
    fresh = services.start_sitecheck(agency=agency_a, actor=clerk_a)
    stalled.refresh_from_db()
    assert stalled.finished and stalled.stage == "failed" and "没有进展" in stalled.error
    assert services.running_check(agency_a) == fresh


@pytest.mark.parametrize("persona", ["clerk_b", "supervisor"])
def test_only_the_agencys_own_staff_may_start(request, agency_a, persona, queued):
    with pytest.raises(PermissionDenied):
        services.start_sitecheck(agency=agency_a, actor=request.getfixturevalue(persona))
    assert not SiteCheckRun.objects.exists()


def test_the_progress_page_polls_and_refreshes_without_javascript(client, agency_a, clerk_a, queued):
    run = services.start_sitecheck(agency=agency_a, actor=clerk_a)
    SiteCheckRun.objects.filter(pk=run.pk).update(stage="crawling", pages_done=12, pages_found=40)
    client.force_login(clerk_a)
    page = client.get(reverse("sitechecks:run_detail", args=[run.pk])).text
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert f'hx-get="{reverse("sitechecks:run_progress", args=[run.pk])}"' in page
    assert "逐页访问公开专栏，已访问 12/40 个页面" in page and 'max="40" value="12"' in page
    fragment = client.get(reverse("sitechecks:run_progress", args=[run.pk])).text
    assert fragment.strip().startswith('<div id="run-progress"') and "<html" not in fragment


def test_a_finished_run_shows_its_result_and_stops_polling(client, agency_a, clerk_a, immediate, quick_crawl):
    check = services.run_sitecheck(agency=agency_a, on=timezone.localdate(), actor=clerk_a)
    run = SiteCheckRun.objects.create(
        agency=agency_a, started_by=clerk_a, checked_on=check.checked_on, finished_at=timezone.now(), result=check
    )
    client.force_login(clerk_a)
    page = client.get(reverse("sitechecks:run_detail", args=[run.pk])).text
    assert "hx-get" not in page and "http-equiv" not in page
    assert f'自查完成：结论<span class="text-danger">{check.get_verdict_display()}</span>' in page
    assert reverse("sitechecks:detail", args=[check.pk]) in page


def test_a_failed_run_says_why(client, agency_a, clerk_a, immediate, monkeypatch, django_capture_on_commit_callbacks):
    def broken(agency, *, on_page=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(gathering, "crawl_portal", broken)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_sitecheck(agency=agency_a, actor=clerk_a)
    run.refresh_from_db()
    assert run.finished and run.stage == "failed" and run.result is None
    client.force_login(clerk_a)
    page = client.get(reverse("sitechecks:run_detail", args=[run.pk])).text
    assert "自查未能完成：自查过程中出错，请稍后重试" in page and "boom" not in page
    services.start_sitecheck(agency=agency_a, actor=clerk_a)  # a new run may start


def test_another_agencys_run_is_404(client, agency_a, clerk_a, clerk_b, queued):
    run = services.start_sitecheck(agency=agency_a, actor=clerk_a)
    client.force_login(clerk_b)
    assert client.get(reverse("sitechecks:run_detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("sitechecks:run_progress", args=[run.pk])).status_code == 404


def test_progress_is_saved_now_and_then_not_on_every_page(agency_a, clerk_a, queued):
    run = services.start_sitecheck(agency=agency_a, actor=clerk_a)
    save = services._saver(run.pk)
    save("crawling", 1, 10)
    save("crawling", 2, 10)  # within the interval: skipped
    assert SiteCheckRun.objects.values_list("pages_done", flat=True).get() == 1
    save("judging", 10, 10)  # a new stage is always saved
    assert SiteCheckRun.objects.values_list("stage", "pages_done").get() == ("judging", 10)
