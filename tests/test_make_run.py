"""The `make run` path on a fresh machine: SQLite, migrate, seed, serve, read."""

import re
import subprocess
import sys

import pytest

from tests.processes import ROOT, free_port, http_get, sqlite_environment


@pytest.fixture
def sqlite_site(tmp_path):
    environment = sqlite_environment(tmp_path, DEBUG="true", SECRET_KEY="")

    def manage(*args, timeout=300):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage.environment = environment
    return manage


def test_make_run_migrates_seeds_idempotently_and_serves_home_and_an_article(sqlite_site):
    sqlite_site("migrate", "--noinput")
    first = sqlite_site("seed_demo")
    second = sqlite_site("seed_demo")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=sqlite_site.environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, _, home = http_get(f"http://127.0.0.1:{port}/")
        home = home.decode()
        article_path = re.search(r'href="(/\d{4}/\d{2}/\d{2}/[-\w]+/)"', home).group(1)
        article_status, _, article = http_get(f"http://127.0.0.1:{port}{article_path}")
        article = article.decode()
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert "new articles" in first and " 0 new articles" not in first
    assert " 0 new articles" in second
    assert "username 'editor'" in first
    assert status == 200 and "The Riverside Ledger" in home
    assert article_status == 200
    assert '<h1 class="article__headline">' in article
    assert "<figcaption>" in article
