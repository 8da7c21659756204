from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


@time_machine.travel(MOMENT, tick=False)
def test_an_article_published_at_this_very_instant_is_published():
    article = ArticleFactory(published_at=MOMENT)

    assert list(Article.objects.published()) == [article]


@time_machine.travel(MOMENT, tick=False)
def test_an_article_one_microsecond_in_the_future_is_scheduled_not_published():
    article = ArticleFactory(published_at=MOMENT + timedelta(microseconds=1))

    assert not Article.objects.published().exists()
    assert article.is_scheduled


def test_a_scheduled_article_appears_once_its_time_comes():
    with time_machine.travel(MOMENT, tick=False):
        article = ArticleFactory(published_at=MOMENT + timedelta(minutes=10))
        assert not Article.objects.published().exists()
    with time_machine.travel(MOMENT + timedelta(minutes=10), tick=False):
        assert list(Article.objects.published()) == [article]


@time_machine.travel(MOMENT, tick=False)
def test_drafts_are_never_published_whatever_their_time():
    ArticleFactory(status=Article.Status.DRAFT, published_at=MOMENT - timedelta(days=3))
    ArticleFactory(draft=True)

    assert not Article.objects.published().exists()


@time_machine.travel(MOMENT, tick=False)
def test_publishing_without_a_time_publishes_now():
    article = ArticleFactory(published_at=None)

    assert article.published_at == MOMENT
    assert article.published_on == MOMENT.date()
    assert list(Article.objects.published()) == [article]
