"""Search on SQLite, the `make run` default: migrations skip what is PostgreSQL's own, and a
simple substring search answers instead."""

import subprocess
import sys
import textwrap

from tests.processes import ROOT, sqlite_environment

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from articles.models import Article, Section

    setup_test_environment()  # so that responses carry their template context
    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="News", slug="news")
    for headline, body in [
        ("Ferry fares rise", "<p>The harbour board agreed.</p>"),
        ("Library hours cut", "<p>Ferry users will notice.</p>"),
        ("Bus lane opens", "<p>Nothing about boats.</p>"),
    ]:
        Article.objects.create(
            headline=headline, slug=headline.lower().replace(" ", "-"), body=body,
            section=section, status="published",
        )
    client = Client()
    for query in ("ferry", "FERRY fares", '"ferry -', "\\x00", "x" * 10000):
        response = client.get("/search/", {"q": query})
        results = response.context["results"].page
        found = [a.headline for a in results.object_list] if results else None
        print(response.status_code, found)
    print(client.get("/search/", {"q": "ferry"}).content.decode().count("<mark>"))
    for query in ("", "nothing-matches-this"):
        page = client.get("/search/", {"q": query}).content.decode()
        print(any(offer in page for offer in ("minus", "quotes", "“or”")))
    """
)


def test_search_works_on_sqlite_with_a_simple_fallback(tmp_path):
    environment = sqlite_environment(
        tmp_path, DEBUG="true", SECRET_KEY="", ALLOWED_HOSTS="testserver"
    )

    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "200 ['Ferry fares rise', 'Library hours cut']",
        "200 ['Ferry fares rise']",
        "200 ['Ferry fares rise', 'Library hours cut']",
        "200 None",
        "200 []",
        "2",
        "False",  # what SQLite's search cannot do is not offered
        "False",
    ]
