"""The edge cache we ship: a real varnishd, running deploy/varnish/newsroom.vcl as shipped, in
front of the app under gunicorn (its own process, on the test database), asked over plain HTTP
as a reader's browser would. The app's access log says which requests reached it.

Editors' changes are made in this process, through the same services the admin calls; the purge
they send goes to this varnishd (EDGE_PURGE_URLS).
"""

import json
import logging
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.services import article_publish, article_save, article_unpublish
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.processes import ROOT, free_port

pytestmark = pytest.mark.django_db(transaction=True)

VARNISHD = Path("/usr/sbin/varnishd")
VCL = ROOT / "deploy" / "varnish"
GRACE_SECONDS = 60
ASKS = 'class="support-banner"'
PROBE = "/robots.txt"
A_YEAR = 365 * 24 * 3600


class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.text = body.decode(errors="replace")

    @property
    def cache(self) -> str:
        return self.headers.get("X-Cache", "")


class EdgeSite:
    """gunicorn serving the app, and varnishd in front of it, each in a process of its own."""

    def __init__(self, directory: Path, *, page_max_age: int):
        self.directory = directory
        self.app_port, self.edge_port = free_port(), free_port()
        self.access_log = directory / "access.log"
        self.page_max_age = page_max_age
        self.app: subprocess.Popen | None = None
        self.edge: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.edge_port}"

    def start(self) -> "EdgeSite":
        database = connection.settings_dict
        environment = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "false",
            "SECRET_KEY": django_settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
                f"{database['PORT']}/{database['NAME']}"
            ),
            "CACHE_URL": EDGE_CACHE_URL,
            "STATIC_ROOT": str(django_settings.STATIC_ROOT),  # collected by tests/conftest.py
            "PAGE_CACHE_SECONDS": "0",  # the edge is under test, not the app's own page cache
            "PUBLIC_PAGE_MAX_AGE": str(self.page_max_age),
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.app = subprocess.Popen(
            [
                *(gunicorn, "newsroom.wsgi", "--workers", "1", "--threads", "4"),
                *("--bind", f"127.0.0.1:{self.app_port}", "--access-logfile", self.access_log),
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The shipped site.vcl, pointed at this app: the probe and the ACL are the shipped ones.
        site = (VCL / "site.vcl.example").read_text()
        site = site.replace('.port = "8000"', f'.port = "{self.app_port}"')
        assert str(self.app_port) in site
        (self.directory / "site.vcl").write_text(site)
        self.edge = subprocess.Popen(
            [
                *(VARNISHD, "-F", "-a", f"127.0.0.1:{self.edge_port}", "-n", self.directory / "n"),
                *("-p", f"vcl_path={self.directory}:{VCL}", "-f", VCL / "newsroom.vcl"),
                *("-p", f"default_grace={GRACE_SECONDS}s", "-s", "malloc,32m"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=(self.directory / "varnishd.log").open("wb"),
        )
        deadline = time.monotonic() + 30
        while self._get(PROBE) is None or self.app_requests(PROBE) == 0:
            if self.edge.poll() is not None or time.monotonic() > deadline:
                log = (self.directory / "varnishd.log").read_text()
                self.stop()
                raise AssertionError(f"varnishd or the app never answered:\n{log}")
            time.sleep(0.1)
        return self

    def get(self, path: str, cookies: str = "", headers: dict | None = None) -> Answer:
        answer = self._get(path, cookies, headers)
        assert answer is not None, f"{path}: no answer from the edge"
        return answer

    def _get(self, path: str, cookies: str = "", headers: dict | None = None) -> Answer | None:
        headers = {**(headers or {}), **({"Cookie": cookies} if cookies else {})}
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())
        except OSError:
            return None

    def post(self, path: str, data: bytes) -> Answer:
        request = urllib.request.Request(self.url + path, data=data, method="POST")
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=15) as response:
                return Answer(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers, error.read())

    def app_requests(self, path: str) -> int:
        """How many GETs for `path` reached the app. gunicorn logs a request once it has
        answered it: give the last one a moment to be written."""
        time.sleep(0.2)
        if not self.access_log.exists():
            return 0
        return self.access_log.read_text().count(f'"GET {path} ')

    def stop(self) -> None:
        for process in (self.edge, self.app):
            if process is None or process.poll() is not None:
                continue
            process.send_signal(signal.SIGCONT)  # a frozen process would not see the TERM
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


EDGE_CACHE_URL = "redis://127.0.0.1:6379/11"


def _edge_site(settings, page_max_age: int):
    if not VARNISHD.is_file():
        pytest.fail(
            f"The edge cache tests run a real varnishd, and there is none at {VARNISHD}. "
            "Install Debian's varnish: apt-get update && apt-get install -y varnish "
            "(.ci/run does).",
            pytrace=False,
        )
    # Not under tmp_path: varnishd compiles the VCL as its own unprivileged user, who must be
    # able to read site.vcl.
    directory = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    directory.chmod(0o755)
    # The app behind the edge and this process share one Redis cache, as a site's app servers
    # do: the content version that an edit in this process moves must reach the app's fragments
    # (articles/fragments.py), as it reaches every gunicorn process in production.
    redis.Redis.from_url(EDGE_CACHE_URL).flushdb()
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": EDGE_CACHE_URL},
    }
    site = EdgeSite(directory, page_max_age=page_max_age).start()
    settings.EDGE_PURGE_URLS = [site.url + "/"]
    return site, directory


@pytest.fixture
def edge(settings):
    site, directory = _edge_site(settings, page_max_age=600)
    yield site
    site.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def short_lived_edge(settings):
    """Pages the edge may keep for one second: then only grace keeps them."""
    site, directory = _edge_site(settings, page_max_age=1)
    yield site
    site.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def story(asks):
    return ArticleFactory(
        headline="Harbour wall repairs begin",
        section=SectionFactory(name="Local", slug="local"),
        authors=[AuthorFactory(name="Ines Marlow", slug="ines-marlow")],
        tags=[TagFactory(name="Harbour", slug="harbour")],
    )


def _reader_pages(article: Article) -> dict[str, str]:
    return {
        "story": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": "/tags/harbour/",
        "author": "/authors/ines-marlow/",
        "home": "/",
        "feed": "/rss/",
    }


def test_the_second_anonymous_reader_is_served_by_the_edge_and_costs_the_app_nothing(edge, story):
    pages = _reader_pages(story)

    first = {name: edge.get(url) for name, url in pages.items()}
    again = {name: edge.get(url) for name, url in pages.items()}
    third = {name: edge.get(url) for name, url in pages.items()}

    reached_app = {name: edge.app_requests(url) for name, url in pages.items()}
    print(f"\n{3 * len(pages)} anonymous requests through the edge, app reached: {reached_app}")
    assert {name: a.status for name, a in first.items()} == dict.fromkeys(pages, 200)
    assert {name: a.cache for name, a in first.items()} == dict.fromkeys(pages, "MISS")
    assert {name: a.cache for name, a in again.items()} == dict.fromkeys(pages, "HIT")
    assert {name: a.cache for name, a in third.items()} == dict.fromkeys(pages, "HIT")
    assert reached_app == dict.fromkeys(pages, 1)
    assert again["story"].text == first["story"].text
    assert "Surrogate-Key" not in again["story"].headers  # the tags are the edge's business
    assert again["story"].headers["Cache-Control"].startswith("public, max-age=0")


def test_a_browser_asking_again_hears_not_modified_from_the_edge(edge, story):
    url = story.get_absolute_url()
    etag = edge.get(url).headers["ETag"]

    answer = edge.get(url, headers={"If-None-Match": etag})

    assert answer.status == 304
    assert answer.cache == "HIT"
    assert edge.app_requests(url) == 1


def test_a_cookie_the_app_does_not_use_does_not_keep_a_reader_from_the_shared_copy(edge, story):
    url = story.get_absolute_url()
    edge.get(url)

    answer = edge.get(url, cookies="_ga=GA1.2.3; theme=dark")

    assert answer.cache == "HIT"
    assert edge.app_requests(url) == 1


def _snooze(edge: EdgeSite, url: str) -> str:
    """Remind me later, through the edge: the cookies the reader's browser then holds."""
    answer = edge.post("/support/remind-me-later/", f"next={url}".encode())
    assert answer.status in (302, 303), answer.status
    cookies = [c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie")]
    assert any(c.startswith("support=") for c in cookies), cookies
    return "; ".join(cookies)


def test_a_reader_with_the_support_cookie_never_gets_nor_leaves_a_shared_copy(edge, story):
    url = story.get_absolute_url()
    cookies = _snooze(edge, url)

    # First on this address: whatever the app answers the reader is not kept for others.
    own_first = edge.get(url, cookies)
    anonymous = edge.get(url)
    anonymous_again = edge.get(url)
    # Once a shared copy exists, the reader still does not get it.
    own_again = edge.get(url, cookies)

    assert (own_first.cache, own_again.cache) == ("PASS", "PASS")
    assert ASKS not in own_first.text
    assert ASKS not in own_again.text
    assert own_again.headers["Cache-Control"] == "private, no-cache"
    assert (anonymous.cache, anonymous_again.cache) == ("MISS", "HIT")
    assert ASKS in anonymous.text
    assert ASKS in anonymous_again.text
    assert edge.app_requests(url) == 3  # the reader's two pages, and the one shared copy


def test_a_signed_in_reader_never_gets_the_shared_copy(edge, story):
    url = story.get_absolute_url()
    edge.get(url)

    answer = edge.get(url, cookies="sessionid=not-a-real-session")

    assert answer.cache == "PASS"
    assert edge.app_requests(url) == 2


def _until(edge: EdgeSite, pages: dict[str, str], shows) -> tuple[dict[str, bool], float]:
    """Poll every page through the edge until each `shows` what is expected, for a second at
    most; return which did and how long it took."""
    started = time.monotonic()
    done = {}
    while True:
        done = {name: shows(name, edge.get(url)) for name, url in pages.items()}
        elapsed = time.monotonic() - started
        if all(done.values()) or elapsed > 1.0:
            return done, elapsed
        time.sleep(0.05)


def test_publishing_editing_and_unpublishing_reach_every_page_through_the_edge_within_a_second(
    edge, story
):
    draft = ArticleFactory(
        draft=True,
        headline="Ferry timetable changes on Monday",
        section=story.section,
        authors=list(story.authors.all()),
        tags=list(story.tags.all()),
    )
    pages = _reader_pages(story)
    for url in pages.values():
        edge.get(url)
    assert {name: edge.get(url).cache for name, url in pages.items()} == dict.fromkeys(pages, "HIT")
    listings = {name: url for name, url in pages.items() if name != "story"}

    article_publish(articles=Article.objects.filter(pk=draft.pk))
    published, publish_took = _until(
        edge, listings, lambda name, a: "Ferry timetable changes" in a.text
    )

    draft.refresh_from_db()
    story_url = draft.get_absolute_url()
    edge.get(story_url)
    draft.headline = "Ferry timetable changes postponed"
    article_save(article=draft)
    edited, edit_took = _until(
        edge,
        {**listings, "story": story_url},
        lambda name, a: "Ferry timetable changes postponed" in a.text,
    )

    article_unpublish(articles=Article.objects.filter(pk=draft.pk))
    unpublished, unpublish_took = _until(
        edge,
        {**listings, "story": story_url},
        lambda name, a: "Ferry timetable" not in a.text and (a.status == 404) == (name == "story"),
    )

    print(
        f"\nthrough the edge: published in {publish_took:.3f} s, edited in {edit_took:.3f} s, "
        f"unpublished in {unpublish_took:.3f} s"
    )
    assert published == dict.fromkeys(listings, True)
    assert edited == dict.fromkeys([*listings, "story"], True)
    assert unpublished == dict.fromkeys([*listings, "story"], True)
    # The story nobody touched is still the edge's copy.
    assert edge.get(pages["story"]).cache == "HIT"


def test_a_failing_edge_is_logged_and_the_editor_save_still_happens(settings, caplog):
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}/"]
    article = ArticleFactory(draft=True)
    caplog.set_level(logging.ERROR)

    published, _ = article_publish(articles=Article.objects.filter(pk=article.pk))

    assert published == 1
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert "Edge purge" in caplog.text


def test_an_edit_drops_the_pages_that_showed_the_article_and_those_that_will(purged):
    old_tag, new_tag = TagFactory(), TagFactory()
    old_author, new_author = AuthorFactory(), AuthorFactory()
    article = ArticleFactory(tags=[old_tag], authors=[old_author])

    # As the admin's change form saves it: the article, then its tags and bylines, committed
    # together.
    with transaction.atomic():
        article.headline = "Harbour wall finished"
        article_save(article=article)
        article.tags.set([new_tag])
        article.bylines.update(author=new_author)

    assert purged == [
        {
            f"article-{article.pk}",
            f"section-{article.section_id}",
            f"tag-{old_tag.pk}",
            f"tag-{new_tag.pk}",
            f"author-{old_author.pk}",
            f"author-{new_author.pk}",
            "home",
            "feeds",
            "search",
        }
    ]


def test_a_tag_renamed_in_the_admin_drops_every_page(purged, admin_client):
    tag = TagFactory()

    response = admin_client.post(
        f"/admin/articles/tag/{tag.pk}/change/", {"name": "Harbour works", "slug": tag.slug}
    )

    assert response.status_code == 302
    assert purged == [{"pages"}]


def test_saving_an_article_reads_what_its_pages_show_only_when_there_is_an_edge(settings, purged):
    article = ArticleFactory(tags=[TagFactory()], authors=[AuthorFactory()])

    def queries_to_save() -> int:
        with CaptureQueriesContext(connection) as queries:
            article_save(article=article)
        return len(queries)

    with_an_edge = queries_to_save()
    settings.EDGE_PURGE_URLS = []
    without = queries_to_save()

    # Its section, tags and authors, before the change and after.
    assert with_an_edge - without == 6


@pytest.mark.parametrize("outage", ["stopped", "hanging"])
def test_while_the_app_is_down_readers_get_the_last_copy(short_lived_edge, story, outage):
    edge = short_lived_edge
    url = story.get_absolute_url()
    first = edge.get(url)
    if outage == "stopped":
        edge.app.terminate()
        edge.app.wait(timeout=10)
    else:
        edge.app.send_signal(signal.SIGSTOP)
    time.sleep(2)  # past the page's one second

    started = time.monotonic()
    answers = [edge.get(url) for _ in range(3)]
    took = time.monotonic() - started

    print(f"\napp {outage}: 3 readers served in {took:.3f} s, Age {answers[-1].headers['Age']}")
    assert [a.status for a in answers] == [200, 200, 200]
    assert all(a.text == first.text for a in answers)
    assert int(answers[-1].headers["Age"]) >= 2
    assert took < 1


def test_a_hashed_static_file_is_kept_a_year_and_served_by_the_edge(edge):
    manifest = json.loads((Path(django_settings.STATIC_ROOT) / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert re.search(r"\.[0-9a-f]{12}\.css$", hashed)
    url = f"{django_settings.STATIC_URL}{hashed}"

    first, again = edge.get(url), edge.get(url)

    max_age = int(re.search(r"max-age=(\d+)", again.headers["Cache-Control"]).group(1))
    assert (first.cache, again.cache) == ("MISS", "HIT")
    assert max_age >= A_YEAR
    assert edge.app_requests(url) == 1
