from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path

from articles import feeds, views
from articles.pages import FEEDS, cache_tags
from articles.sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[-a-zA-Z0-9_]+)/$",
        views.article_detail,
        name="detail",
    ),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("search/", views.search, name="search"),
    # Feeds: each listing page's address followed by rss/ or atom/.
    path("rss/", cache_tags(FEEDS)(feeds.ArticleFeed()), name="rss"),
    path("atom/", cache_tags(FEEDS)(feeds.SiteAtomFeed()), name="atom"),
    path("tags/<slug:slug>/rss/", cache_tags(FEEDS)(feeds.TagFeed()), name="tag_rss"),
    path("tags/<slug:slug>/atom/", cache_tags(FEEDS)(feeds.TagAtomFeed()), name="tag_atom"),
    path("authors/<slug:slug>/rss/", cache_tags(FEEDS)(feeds.AuthorFeed()), name="author_rss"),
    path(
        "authors/<slug:slug>/atom/", cache_tags(FEEDS)(feeds.AuthorAtomFeed()), name="author_atom"
    ),
    # For search engines.
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        cache_tags(FEEDS)(sitemap),
        {
            "sitemaps": SITEMAPS,
            "template_name": "articles/sitemap.xml",  # lastmod to the second: news changes fast
            "content_type": "application/xml; charset=utf-8",
        },
        name="sitemap",
    ),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    # Last: a section's address is a single path segment.
    path("<slug:slug>/rss/", cache_tags(FEEDS)(feeds.SectionFeed()), name="section_rss"),
    path("<slug:slug>/atom/", cache_tags(FEEDS)(feeds.SectionAtomFeed()), name="section_atom"),
    path("<slug:slug>/", views.section_detail, name="section"),
]
