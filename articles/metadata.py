"""What pages tell search engines and social networks: absolute addresses, and an article's
structured data (schema.org NewsArticle, as JSON-LD).

Addresses come from SITE_URL rather than the request, so that a page fetched through an
internal host name or a proxy still names its one public address.
"""

import json
from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.images import Renditions

# json.dumps leaves these alone, but inside <script> they could end the element ("</script>")
# or start a comment; as \\u escapes they mean the same to a JSON parser.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(path: str) -> str:
    """`path` (/2026/05/02/slug/) as an address on SITE_URL; absolute URLs pass through."""
    return path if "://" in path else f"{settings.SITE_URL}{path}"


def iso_datetime(value: datetime | None) -> str:
    """`value` as pages give a moment to machines (`<time datetime>`, OpenGraph, JSON-LD): in
    the site's time zone, to the second, with its offset ("2026-05-02T14:30:05+01:00").

    Not Django's `date:'c'` or `isoformat()`: they write the microseconds the database keeps,
    and HTML allows at most three digits of a second in a datetime value. Readers are never
    shown seconds, and search engines need none. "" for no time.
    """
    if value is None:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


def json_ld_script(data: dict) -> SafeString:
    """`data` as a <script type="application/ld+json"> that no string inside can break out of."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def share_image(article) -> dict | None:
    """The lead photo for social cards and structured data: a JPEG up to 1280 px wide when the
    renditions exist, else the original upload. None without a photo."""
    if not article.lead_image:
        return None
    share = Renditions(article.lead_image_renditions, source=article.lead_image.name).share
    if share is not None:
        return {"url": absolute_url(share.url), "width": share.width, "height": share.height}
    return {
        "url": absolute_url(article.lead_image.url),
        "width": article.lead_image_width,
        "height": article.lead_image_height,
    }


def news_article(article, *, tags) -> dict:
    """schema.org NewsArticle for an article page, as Google's article guidelines describe."""
    url = absolute_url(article.get_absolute_url())
    image = share_image(article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.standfirst or article.headline,
        "datePublished": iso_datetime(article.published_at) or None,
        "dateModified": iso_datetime(article.modified_at),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in tags],
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": absolute_url(author.get_absolute_url()),
                **({"jobTitle": author.role} if author.role else {}),
            }
            for author in article.byline_authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute_url("/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute_url(static("img/logo.png")),
                "width": 512,
                "height": 512,
            },
        },
        "isAccessibleForFree": True,
    }
    if image:
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": image["url"],
                "width": image["width"],
                "height": image["height"],
                "caption": article.lead_image_alt,
            }
        ]
    if not data["keywords"]:
        del data["keywords"]
    return data
