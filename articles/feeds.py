"""RSS 2.0 and Atom feeds for the whole site, each section, each author and each tag.

Every item carries what a feed reader can show without visiting the site: the summary
(standfirst), the full body, every author, section and tags as categories, the publication and
update times, and the lead photo (an RSS enclosure where a JPEG rendition, with its size in
bytes, exists, and a Media RSS element with its alt text and credit). Links are absolute, from
SITE_URL. Only published articles, through `published()`; one query for the articles and one
each for their bylines and tags, whatever the feed.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from articles.images import Renditions
from articles.metadata import absolute_url
from articles.models import Article, Author, Section, Tag

FEED_LENGTH = 20
# Relative links and images in a body (href="/2026/...") must point at the site from a reader.
RELATIVE_URL = re.compile(r'(\s(?:href|src)=")/(?!/)')
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class ArticleRssGenerator(Rss201rev2Feed):
    """RSS 2.0 with the body (content:encoded), every author (dc:creator) and the photo."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": MEDIA_RSS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _ in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content"])
        _add_media(handler, item)


class ArticleAtomGenerator(Atom1Feed):
    """Atom with the body as content, every author (with their page) and the photo."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", url)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})
        _add_media(handler, item)


def _add_media(handler, item):
    photo = item["photo"]
    if photo is None:
        return
    handler.startElement("media:content", photo["attributes"])
    handler.addQuickElement("media:description", photo["alt"])
    if photo["credit"]:
        handler.addQuickElement("media:credit", photo["credit"])
    handler.endElement("media:content")


class ArticleFeed(Feed):
    """The latest published articles; subclasses narrow them to a section, author or tag."""

    feed_type = ArticleRssGenerator
    format_name = "rss"

    # The feed as a whole.
    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return f"The latest stories from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute_url(reverse("articles:home"))

    def feed_url(self, obj):
        return absolute_url(reverse(f"articles:{self.format_name}"))

    def author_name(self, obj):
        return settings.SITE_NAME

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_feed()[:FEED_LENGTH]

    # Each article.
    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        """The standfirst, escaped: RSS descriptions and Atom summaries here are HTML."""
        return escape(article.standfirst or article.headline)

    def item_link(self, article):
        return absolute_url(article.get_absolute_url())

    def item_guid(self, article):
        """An identifier that outlives a change of slug or date (the link does not)."""
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"tag:{host},{article.created_at:%Y-%m-%d}:article/{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return max(article.updated_at, article.published_at)

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]

    def item_enclosures(self, article):
        share = self._renditions(article).share
        if share is None:
            return []
        return [Enclosure(absolute_url(share.url), str(share.bytes), share.mime_type)]

    def item_extra_kwargs(self, article):
        return {
            "authors": [
                (author.name, absolute_url(author.get_absolute_url()))
                for author in article.byline_authors
            ],
            "content": RELATIVE_URL.sub(rf"\1{settings.SITE_URL}/", article.reader_body),
            "photo": self._photo(article),
        }

    def _photo(self, article):
        if not article.lead_image:
            return None
        share = self._renditions(article).share
        if share is not None:
            attributes = {
                "url": absolute_url(share.url),
                "type": share.mime_type,
                "medium": "image",
                "width": str(share.width),
                "height": str(share.height),
                "fileSize": str(share.bytes),
            }
        else:
            attributes = {"url": absolute_url(article.lead_image.url), "medium": "image"}
            if article.lead_image_width:
                attributes["width"] = str(article.lead_image_width)
                attributes["height"] = str(article.lead_image_height)
        return {
            "attributes": attributes,
            "alt": article.lead_image_alt,
            "credit": article.lead_image_credit,
        }

    @staticmethod
    def _renditions(article):
        return Renditions(article.lead_image_renditions, source=article.lead_image.name)


class AtomMixin:
    feed_type = ArticleAtomGenerator
    format_name = "atom"

    def subtitle(self, obj):
        return self.description(obj)


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} | {settings.SITE_NAME}"

    def description(self, section):
        return (
            section.description or f"The latest {section.name} stories from {settings.SITE_NAME}."
        )

    def link(self, section):
        return absolute_url(section.get_absolute_url())

    def feed_url(self, section):
        return absolute_url(reverse(f"articles:section_{self.format_name}", args=[section.slug]))

    def articles(self, section):
        return Article.objects.published().filter(section=section)


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, tag):
        return f"{tag.name} | {settings.SITE_NAME}"

    def description(self, tag):
        return f"Stories about {tag.name} from {settings.SITE_NAME}."

    def link(self, tag):
        return absolute_url(tag.get_absolute_url())

    def feed_url(self, tag):
        return absolute_url(reverse(f"articles:tag_{self.format_name}", args=[tag.slug]))

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, author):
        return f"{author.name} | {settings.SITE_NAME}"

    def description(self, author):
        return f"Stories by {author.name} at {settings.SITE_NAME}."

    def link(self, author):
        return absolute_url(author.get_absolute_url())

    def feed_url(self, author):
        return absolute_url(reverse(f"articles:author_{self.format_name}", args=[author.slug]))

    def articles(self, author):
        return Article.objects.published().filter(bylines__author=author)


class SiteAtomFeed(AtomMixin, ArticleFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
