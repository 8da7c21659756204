"""Sitemaps for search engines: articles (in pages), sections, authors, tags and the pages that
are none of those (the support page), and a Google News sitemap of the last 48 hours. Addresses
are absolute, from SITE_URL.

Articles are listed oldest first, so that publishing adds to the last page and the earlier pages
(5,000 articles each) stay the same, and crawlers need not fetch them again. Sections, authors
and tags are listed once they have a published article; their lastmod is their latest one's
publication.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from articles.models import Article, Author, Section, Tag

ARTICLES_PER_SITEMAP = 5000
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most this many


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL, whatever host name the request arrived with."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class ArticleSitemap(SiteSitemap):
    limit = ARTICLES_PER_SITEMAP

    def items(self):
        return (
            Article.objects.published()
            .order_by("published_at", "pk")
            .only("slug", "published_on", "published_at", "updated_at")
        )

    def lastmod(self, article):
        # A scheduled article may have been saved (updated_at) before it went out.
        return max(article.updated_at, article.published_at)


class _LatestArticleSitemap(SiteSitemap):
    """Things with their own page, listed while they have a published article."""

    model = None
    articles_of = ""  # the lookup from an article to the thing

    def items(self):
        latest = (
            Article.objects.published()
            .filter(**{self.articles_of: OuterRef("pk")})
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        return (
            self.model.objects.annotate(latest_article_at=Subquery(latest))
            .filter(latest_article_at__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.latest_article_at


class SectionSitemap(_LatestArticleSitemap):
    model = Section
    articles_of = "section"


class AuthorSitemap(_LatestArticleSitemap):
    model = Author
    articles_of = "bylines__author"


class TagSitemap(_LatestArticleSitemap):
    model = Tag
    articles_of = "tags"


class PageSitemap(SiteSitemap):
    """Pages of their own that search engines may show (robots.txt allows /support/ itself)."""

    def items(self):
        return ["donations:support"]

    def location(self, url_name):
        return reverse(url_name)


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "pages": PageSitemap,
}
