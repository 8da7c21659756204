from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, Section
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_body_html_is_sanitised_when_saved():
    article = ArticleFactory(
        body='<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x()">'
        'link</a> <strong style="color:red">bold</strong></p><iframe src="//evil"></iframe>'
    )

    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "style=" not in article.body
    assert "<iframe" not in article.body
    assert "<strong>bold</strong>" in article.body


def test_links_in_the_body_are_kept_with_safe_rel():
    article = ArticleFactory(body='<p><a href="https://example.org/report">the report</a></p>')

    assert 'href="https://example.org/report"' in article.body
    assert 'rel="noopener noreferrer"' in article.body


def test_reading_time_is_derived_from_the_body():
    assert ArticleFactory(body="<p>" + "word " * 1150 + "</p>").reading_minutes == 5
    assert ArticleFactory(body="<p>Short.</p>").reading_minutes == 1


def test_the_address_uses_the_publication_date_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    article = ArticleFactory(slug="late-vote", published_at=datetime(2026, 5, 2, 2, 30, tzinfo=UTC))

    assert article.get_absolute_url() == "/2026/05/01/late-vote/"


def test_a_slug_is_unique_per_publication_date_only():
    day = datetime(2026, 5, 2, 9, tzinfo=UTC)
    ArticleFactory(slug="budget", published_at=day)
    ArticleFactory(slug="budget", published_at=day + timedelta(days=1))

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="budget", published_at=day + timedelta(hours=3))


def test_drafts_without_a_date_may_share_a_slug():
    ArticleFactory(draft=True, slug="working-title")
    ArticleFactory(draft=True, slug="working-title")

    assert Article.objects.filter(slug="working-title").count() == 2


def test_the_database_refuses_a_published_article_without_a_time():
    article = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_the_database_refuses_a_lead_image_without_alt_text():
    article = ArticleFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(lead_image="x.jpg", lead_image_alt="")


def test_a_section_cannot_take_an_address_the_site_already_uses():
    section = Section(name="Admin", slug="admin")

    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "reserved" in str(error.value)


def test_read_more_ranks_shared_tags_then_section_and_never_the_article_itself():
    home_section, other_section = SectionFactory(), SectionFactory()
    housing, council, schools = TagFactory(), TagFactory(), TagFactory()
    article = ArticleFactory(section=home_section, tags=[housing, council])
    two_tags = ArticleFactory(section=other_section, tags=[housing, council])
    one_tag_same_section = ArticleFactory(section=home_section, tags=[housing])
    one_tag = ArticleFactory(section=other_section, tags=[council])
    same_section = ArticleFactory(section=home_section, tags=[schools])
    ArticleFactory(section=other_section, tags=[schools])  # unrelated
    ArticleFactory(section=home_section, tags=[housing], draft=True)  # not public

    related = Article.objects.published().related_to(article, tag_ids=[housing.pk, council.pk])

    assert related == [two_tags, one_tag_same_section, one_tag, same_section]


def test_read_more_works_for_an_article_without_tags():
    section = SectionFactory()
    article = ArticleFactory(section=section)
    neighbour = ArticleFactory(section=section)
    ArticleFactory()

    assert Article.objects.published().related_to(article, tag_ids=[]) == [neighbour]
