"""The edge cache (Varnish, or a CDN): dropping the pages that show what changed.

Every page a shared cache may keep says what it shows, in a `Surrogate-Key` header of tags that
the app's views set (articles/pages.py names the tags and says which page carries which;
deploy/varnish/newsroom.vcl bans by the header and takes it off before readers see it).

Publishing, editing or unpublishing an article drops its own tag, its section, tags and
authors (before and after the change: a story given other tags or authors leaves the old ones'
pages too, and the listings that showed it carry its own tag), home, feeds and search.
Anything else an editor changes drops `pages`. Which, is decided where the apps' signal
`reader_content_changed` is received (newsroom/page_cache.py), which bumps the page cache's
version first, so that the edge's next fetch is rendered afresh, not taken from that cache.

The drop is a `PURGE` request to each address in EDGE_PURGE_URLS, sent once the change is
committed, with a short timeout: an edge that is down or slow is logged, never an editor's
failed save. Pages it missed expire after PUBLIC_PAGE_MAX_AGE.
"""

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings

from articles.pages import HEADER

logger = logging.getLogger(__name__)

# Seconds an editor's save may wait on each edge.
PURGE_TIMEOUT = 2.0


def edge_purge(*, tags: Iterable[str]) -> None:
    """Ask every edge in EDGE_PURGE_URLS to drop the pages carrying any of `tags`."""
    header = " ".join(sorted(set(tags)))
    for url in settings.EDGE_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers={HEADER: header})
        try:
            with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT) as response:
                response.read()
        except (OSError, urllib.error.URLError) as error:  # HTTPError and timeouts are OSErrors
            logger.error("Edge purge of %r at %s failed: %s", header, url, error)
