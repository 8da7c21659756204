"""Backups: `manage.py backup` dumps the database and media, and `manage.py restore` brings them
back into an empty database, where every donation and every photo is found again."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from donations.models import Donation
from tests.factories import ArticleFactory, DonationFactory
from tests.processes import ROOT, sqlite_environment


def _connect(dbname: str) -> psycopg.Connection:
    database = connection.settings_dict
    return psycopg.connect(
        dbname=dbname,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def empty_database():
    """A new, empty PostgreSQL database beside the test database, dropped afterwards; its
    DATABASE_URL."""
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    with _connect("postgres") as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    yield (
        name,
        (
            f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{name}"
        ),
    )
    with _connect("postgres") as server:
        server.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _manage(*command: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py in a process of its own, configured as a production server is."""
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "false",
            "SECRET_KEY": "a-perfectly-long-random-production-secret-key-0123456789",
            "ALLOWED_HOSTS": "news.example.org",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)  # pg_dump, another process, sees committed rows only
def test_a_backup_restored_into_an_empty_database_has_every_donation_and_photo(
    tmp_path, empty_database
):
    article = ArticleFactory(with_photo=True)
    for amount, currency in [(1500, "usd"), (550, "eur"), (10_000, "gbp")]:
        DonationFactory(amount=amount, currency=currency, article=article)
    given = sorted(Donation.objects.values_list("stripe_checkout_session_id", "amount", "currency"))
    photo = Path(settings.MEDIA_ROOT) / article.lead_image.name

    call_command("backup", "--to", str(tmp_path / "backup"))
    name, url = empty_database
    restored_media = tmp_path / "restored-media"
    target = {"DATABASE_URL": url, "MEDIA_ROOT": str(restored_media)}
    result = _manage("restore", "--from", str(tmp_path / "backup"), **target)

    assert result.returncode == 0, result.stderr
    assert "Restored 1 article(s), 3 donation(s) and 1 media file(s)" in result.stdout
    with _connect(name) as restored:
        rows = restored.execute(
            "SELECT stripe_checkout_session_id, amount, currency FROM donations_donation"
        ).fetchall()
    assert sorted(rows) == given
    assert (restored_media / article.lead_image.name).read_bytes() == photo.read_bytes()
    # The restored database is complete, migrations included: nothing is left to apply.
    migrate = _manage("migrate", "--check", **target)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr


@pytest.mark.django_db
def test_a_restore_into_a_database_that_has_tables_is_refused(tmp_path):
    (tmp_path / "database.dump").write_bytes(b"")
    (tmp_path / "media.tar.gz").write_bytes(b"")

    with pytest.raises(CommandError, match="Restore into an empty database"):
        call_command("restore", "--from", str(tmp_path))


@pytest.mark.django_db
def test_a_backup_is_never_written_over(tmp_path):
    (tmp_path / "database.dump").write_bytes(b"an earlier backup")

    with pytest.raises(CommandError, match="already holds a backup"):
        call_command("backup", "--to", str(tmp_path))

    assert (tmp_path / "database.dump").read_bytes() == b"an earlier backup"


def test_a_backup_of_the_sqlite_demo_says_what_to_do_instead(tmp_path):
    result = _manage("backup", "--to", str(tmp_path / "backup"), **sqlite_environment(tmp_path))

    assert result.returncode != 0
    assert "Backups use PostgreSQL's pg_dump and pg_restore" in result.stderr
    assert "copy it, and MEDIA_ROOT, while the server is stopped" in result.stderr
