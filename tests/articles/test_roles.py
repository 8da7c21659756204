"""The newsroom's roles, enforced by the admin on the server: what each may see and change,
including requests crafted to get around the form."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Article
from donations.models import Prompt, WebhookEvent
from tests.articles.test_admin import _article_form
from tests.factories import ArticleFactory, DonationFactory, role_user, staff_log_in

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")
CHANGELIST = reverse("admin:articles_article_changelist")
DASHBOARD = "/admin/donations/donation/dashboard/"


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _bulk_publish(client, article):
    return client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [article.pk], "index": 0}
    )


@pytest.fixture
def donation():
    return DonationFactory(
        donor__email="rosa@example.org",
        amount=5000,
        paid_at=datetime(2026, 3, 18, 9, 30, tzinfo=UTC),
    )


@pytest.fixture
def failed_event():
    return WebhookEvent.objects.create(
        stripe_event_id="evt_failed",
        type="customer.created",
        payload={
            "id": "evt_failed",
            "object": "event",
            "type": "customer.created",
            "created": 1773826200,  # as every event Stripe signs has (replay reads it)
            "data": {"object": {}},
        },
        created=1773826200,
        attempts=1,
        last_error="Timeout",
    )


PROMPT_FORM = {
    "placement": "banner",
    "headline": "Give now",
    "key": "give-now",
    "body": "We need you.",
    "call_to_action": "Support us",
    "default_frequency": "monthly",
    "presets_usd_monthly": "5, 10",
    "presets_usd_once": "20",
    "presets_usd_annual": "60",
    "monthly_goal": "0",
    "goal_currency": "usd",
    "is_active": "on",
    "priority": "100",
    "snooze_days": "7",
    "hide_days": "1",
}


@pytest.fixture
def writer(client):
    user = role_user("Writer", username="wren")
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    user = role_user("Editor", username="eda")
    client.force_login(user)
    return user


@pytest.fixture
def fundraiser(client):
    user = role_user("Fundraising", username="fran")
    staff_log_in(client, user)
    return user


def test_the_roles_exist_after_migrating():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))

    assert {"Writer", "Editor", "Fundraising"} <= names


def test_a_writer_creates_a_draft_that_records_them_as_its_author(client, writer):
    data, _ = _article_form(_action="save")
    del data["_action"], data["correction"]

    response = client.post(ADD, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == "draft"
    assert article.created_by == writer


@pytest.mark.parametrize("action", ["publish", "schedule", "unpublish"])
def test_a_writer_who_posts_an_editors_action_is_refused_and_nothing_is_saved(
    client, writer, action
):
    data, _ = _article_form(_action=action, published_at_0="2030-01-01", published_at_1="09:00:00")

    response = client.post(ADD, data)

    assert response.status_code == 403
    assert "Only an editor can publish, schedule or unpublish an article." in (
        response.content.decode()
    )
    assert not Article.objects.exists()
    assert "Council passes the harbour budget" not in client.get("/").content.decode()


def test_a_writer_who_posts_a_publication_time_gets_an_unscheduled_draft(client, writer):
    data, _ = _article_form(_action="save", published_at_0="2030-01-01", published_at_1="09:00:00")

    response = client.post(ADD, data, follow=True)

    article = Article.objects.get()
    assert article.status == "draft" and article.published_at is None
    assert "Saved as a draft" in response.content.decode()


def test_a_writer_edits_their_own_draft_but_cannot_publish_it(client, writer):
    article = ArticleFactory(draft=True, created_by=writer, slug="council-passes-harbour-budget")
    edited, _ = _article_form(_action="save", headline="Harbour budget: the vote")
    published = {**edited, "_action": "publish", "headline": "Harbour budget: published"}

    client.post(_change_url(article), edited)
    refused = client.post(_change_url(article), published)

    assert refused.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Harbour budget: the vote"
    assert article.status == "draft" and article.published_at is None


def test_a_writer_cannot_see_or_change_another_writers_article(client, writer):
    colleague = role_user("Writer", username="colleague")
    theirs = ArticleFactory(draft=True, created_by=colleague, headline="Colleague’s scoop")
    data, _ = _article_form(_action="save", headline="Overwritten")

    listing = client.get(CHANGELIST).content.decode()
    response = client.post(_change_url(theirs), data)

    assert "Colleague’s scoop" not in listing
    assert response.status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.headline == "Colleague’s scoop"


def test_a_writer_cannot_edit_their_article_once_published(client, writer):
    article = ArticleFactory(created_by=writer, headline="Out in the world")
    data, _ = _article_form(_action="save", headline="Quietly changed")

    response = client.post(_change_url(article), data)

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Out in the world" and article.is_public


def test_a_writer_cannot_run_the_bulk_publish_action(client, writer):
    article = ArticleFactory(draft=True, created_by=writer)

    _bulk_publish(client, article)

    article.refresh_from_db()
    assert article.status == "draft" and article.published_at is None
    assert not article.revisions.exists()


def test_a_writer_cannot_add_a_prompt_with_a_crafted_post(client, writer):
    response = client.post(reverse("admin:donations_prompt_add"), PROMPT_FORM)

    assert response.status_code == 403
    assert not Prompt.objects.filter(key="give-now").exists()


def test_a_writer_cannot_change_a_donation_with_a_crafted_post(client, writer, donation):
    response = client.post(
        reverse("admin:donations_donation_change", args=[donation.pk]),
        {"amount": "1", "amount_refunded": "5000", "status": "refunded", "currency": "usd"},
    )

    assert response.status_code == 403
    donation.refresh_from_db()
    assert (donation.amount, donation.amount_refunded, donation.status) == (5000, 0, "paid")


def test_a_writer_cannot_replay_webhook_events(client, writer, failed_event):
    response = client.post(
        reverse("admin:donations_webhookevent_changelist"),
        {"action": "replay", "_selected_action": [failed_event.pk], "index": 0},
    )

    assert response.status_code == 403
    failed_event.refresh_from_db()
    assert failed_event.processed_at is None and failed_event.attempts == 1


def test_a_writer_cannot_delete_their_draft(client, writer):
    article = ArticleFactory(draft=True, created_by=writer)

    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    "page",
    [
        "admin:donations_prompt_changelist",
        "admin:donations_donation_changelist",
        "admin:donations_donation_export",
        "admin:donations_dashboard",
    ],
)
def test_a_writer_cannot_open_prompts_donations_or_the_dashboard(client, writer, page):
    assert client.get(reverse(page)).status_code == 403


def test_a_writer_does_not_see_the_dashboard_link(client, writer):
    assert "Giving dashboard" not in client.get(reverse("admin:index")).content.decode()


def test_an_editor_edits_a_writers_draft_and_publishes_it(client, editor):
    writer = role_user("Writer", username="wren")
    article = ArticleFactory(draft=True, created_by=writer, slug="council-passes-harbour-budget")
    data, _ = _article_form(_action="publish")

    response = client.post(_change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_public
    assert "Council passes the harbour budget" in client.get("/").content.decode()


def test_an_editor_schedules_an_article(client, editor):
    data, _ = _article_form(
        _action="schedule", published_at_0="2030-01-01", published_at_1="09:00:00"
    )

    client.post(ADD, data)

    article = Article.objects.get()
    assert article.is_scheduled
    assert article.created_by == editor


def test_an_editor_unpublishes_and_publishes_in_bulk(client, editor):
    live = ArticleFactory(headline="Ferry fares rise")
    draft = ArticleFactory(draft=True, headline="Library hours cut")

    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [live.pk], "index": 0})
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk], "index": 0})

    home = client.get("/").content.decode()
    assert "Ferry fares rise" not in home
    assert "Library hours cut" in home


def test_an_editor_adds_a_correction(client, editor):
    article = ArticleFactory(slug="council-passes-harbour-budget")
    when = article.published_at
    data, _ = _article_form(
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
        correction="An earlier version gave the wrong vote count.",
    )

    client.post(_change_url(article), data)

    article.refresh_from_db()
    assert article.correction == "An earlier version gave the wrong vote count."
    assert article.corrected_at is not None


def test_an_editor_sees_the_dashboard_but_not_the_donors_records(client, editor):
    assert client.get(DASHBOARD).status_code == 200
    assert "Giving dashboard" in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("admin:donations_donation_changelist")).status_code == 403


def test_fundraising_sees_prompts_donations_the_export_and_the_dashboard(client, fundraiser):
    for page in [
        "admin:donations_prompt_changelist",
        "admin:donations_donation_changelist",
        "admin:donations_donation_export",
        "admin:donations_dashboard",
    ]:
        assert client.get(reverse(page)).status_code == 200, page


def test_fundraising_adds_a_prompt_with_the_same_post_a_writer_is_refused(client, fundraiser):
    response = client.post(reverse("admin:donations_prompt_add"), PROMPT_FORM)

    assert response.status_code == 302
    assert Prompt.objects.filter(key="give-now").exists()


def test_a_superuser_replays_the_event_a_writer_is_refused(admin_client, failed_event):
    admin_client.post(
        reverse("admin:donations_webhookevent_changelist"),
        {"action": "replay", "_selected_action": [failed_event.pk], "index": 0},
    )

    failed_event.refresh_from_db()
    assert failed_event.processed_at is not None


def test_fundraising_cannot_run_the_bulk_publish_action(client, fundraiser):
    draft = ArticleFactory(draft=True, headline="Library hours cut")

    response = _bulk_publish(client, draft)

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.published_at is None
    assert "Library hours cut" not in client.get("/").content.decode()


def test_fundraising_cannot_change_donations(client, fundraiser, donation):
    # Replaying failed webhook events is theirs: tests/donations/test_operators.py.
    change = client.post(
        reverse("admin:donations_donation_change", args=[donation.pk]), {"amount": "1"}
    )

    assert change.status_code == 403
    donation.refresh_from_db()
    assert donation.amount == 5000


def test_fundraising_cannot_open_or_post_articles(client, fundraiser):
    article = ArticleFactory(headline="Out in the world")
    data, _ = _article_form(_action="save", headline="Changed")

    assert client.get(CHANGELIST).status_code == 403
    assert client.post(ADD, data).status_code == 403
    assert client.post(_change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert article.headline == "Out in the world"


def test_bulk_publishing_a_draft_whose_address_is_taken_says_so_instead_of_failing(client, editor):
    live = ArticleFactory(slug="harbour-budget")
    clash = ArticleFactory(draft=True, slug="harbour-budget", headline="Harbour budget (copy)")
    Article.objects.filter(pk=clash.pk).update(published_at=live.published_at)

    response = client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [clash.pk], "index": 0}, follow=True
    )

    assert response.status_code == 200
    assert "Not published, because another article published that day has the same" in (
        response.content.decode()
    )
    clash.refresh_from_db()
    assert clash.status == "draft"


def test_bulk_publishing_records_who_published_in_the_revision_history(client, editor):
    draft = ArticleFactory(draft=True)

    client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk], "index": 0})

    revision = draft.revisions.get()
    assert revision.user == editor
    assert revision.changes["status"] == ["draft", "published"]


@pytest.mark.django_db
def test_after_migrating_each_role_holds_every_permission_its_list_names():
    """Migrations grant the roles (articles' 0005_roles.ROLES), including permissions of models
    added later, which their own migrations grant: none is left out on a fresh database."""
    from importlib import import_module

    from django.contrib.auth.models import Group

    for name, codes in import_module("articles.migrations.0005_roles").ROLES.items():
        held = {
            f"{app_label}.{codename}"
            for app_label, codename in Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert set(codes) <= held, f"{name} lacks {sorted(set(codes) - held)}"
