"""The impression budget's settings (donations.budget): a value that is not a whole number in
range stops `manage.py check` with its name and what it must be; the page carries the numbers
the same for every reader."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BUDGET_IDS = {"donations.E023", "donations.E024", "donations.E025", "donations.W021"}


def test_the_default_budget_passes_the_check(settings):
    settings.DONATION_ASK_BUDGET = "5"
    settings.DONATION_ASK_BUDGET_DAYS = "7"
    settings.DONATION_FULL_BANNER_VIEWS = "1"

    assert [m.id for m in checks.run_checks() if m.id in BUDGET_IDS] == []


@pytest.mark.parametrize(
    ("name", "value", "check_id"),
    [
        ("DONATION_ASK_BUDGET", "five", "E023"),
        ("DONATION_ASK_BUDGET", "-1", "E023"),
        ("DONATION_ASK_BUDGET", "2.5", "E023"),
        ("DONATION_ASK_BUDGET_DAYS", "0", "E024"),
        ("DONATION_ASK_BUDGET_DAYS", "400", "E024"),
        ("DONATION_ASK_BUDGET_DAYS", "", "E024"),
        ("DONATION_FULL_BANNER_VIEWS", "once", "E025"),
    ],
)
def test_a_budget_setting_that_is_not_a_whole_number_in_range_is_named(
    settings, name, value, check_id
):
    setattr(settings, name, value)

    with pytest.raises(SystemCheckError, match=rf"(?s)donations\.{check_id}.*{name} is '{value}'"):
        call_command("check")


def test_a_full_banner_shown_as_often_as_the_budget_allows_is_a_warning(settings):
    settings.DONATION_ASK_BUDGET = "3"
    settings.DONATION_FULL_BANNER_VIEWS = "3"

    (warning,) = [m for m in checks.run_checks() if m.id in BUDGET_IDS]

    assert warning.id == "donations.W021"
    assert "before a reader sees the compact banner" in warning.msg


def test_no_limit_needs_no_compact_banner_warning(settings):
    settings.DONATION_ASK_BUDGET = "0"
    settings.DONATION_FULL_BANNER_VIEWS = "10"

    assert [m for m in checks.run_checks() if m.id in BUDGET_IDS] == []


def test_every_page_carries_the_budget_the_same_for_every_reader(client, settings, asks):
    settings.DONATION_ASK_BUDGET = "4"
    settings.DONATION_ASK_BUDGET_DAYS = "10"
    settings.DONATION_FULL_BANNER_VIEWS = "2"
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'data-ask-budget="4" data-ask-budget-days="10" data-full-banner-views="2"' in html
    assert 'src="/static/js/ask-budget.' in html.split("</head>")[0]
    assert not client.cookies  # nothing set for a reader who has not acted
