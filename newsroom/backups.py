"""Backups of the whole site: the PostgreSQL database (pg_dump's custom format) and the
uploaded media (a tar of MEDIA_ROOT), side by side in one directory; and their restoration into
an empty database and an empty MEDIA_ROOT (`manage.py backup` / `manage.py restore`).

PostgreSQL only: the SQLite demo database is one file, copied with MEDIA_ROOT while the server
is stopped. The PostgreSQL client tools (pg_dump, pg_restore) must be installed, at the
server's major version or newer.
"""

import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    """What went wrong, said so that the operator knows what to do."""


@dataclass(frozen=True)
class Backup:
    directory: Path
    database_bytes: int
    media_files: int


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for the site's database: the password never appears in a process
    list, as it would on a command line."""
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups use PostgreSQL's pg_dump and pg_restore, and DATABASE_URL names "
            f"{connection.vendor}. The SQLite demo database is the file "
            f"{connection.settings_dict['NAME']}: copy it, and MEDIA_ROOT, while the server is "
            "stopped."
        )
    database = connection.settings_dict
    variables = {
        "PGDATABASE": database["NAME"],
        "PGHOST": database["HOST"],
        "PGPORT": str(database["PORT"] or ""),
        "PGUSER": database["USER"],
        "PGPASSWORD": database["PASSWORD"],
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode", ""),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(
            command, env=_postgres_environment(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: on Debian, apt-get install postgresql-client."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup_make(*, directory: Path) -> Backup:
    """Dump the database and archive MEDIA_ROOT into `directory`, which must not hold a backup
    already: a backup is never overwritten."""
    _postgres_environment()  # refuses SQLite before anything is written
    directory.mkdir(parents=True, exist_ok=True)
    existing = [name for name in (DATABASE_FILE, MEDIA_FILE) if (directory / name).exists()]
    if existing:
        raise BackupError(
            f"{directory} already holds a backup ({', '.join(existing)}); choose a new directory."
        )
    _run(["pg_dump", "--format=custom", "--file", str(directory / DATABASE_FILE)])
    media_root = Path(settings.MEDIA_ROOT)
    media_files = 0
    with tarfile.open(directory / MEDIA_FILE, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                media_files += path.is_file()
    return Backup(directory, (directory / DATABASE_FILE).stat().st_size, media_files)


def backup_restore(*, directory: Path) -> Backup:
    """Restore a backup into the site's database and MEDIA_ROOT, both empty: a restore is a
    new site's first state, never a merge into a running one."""
    for name in (DATABASE_FILE, MEDIA_FILE):
        if not (directory / name).is_file():
            raise BackupError(f"{directory / name} is missing: is {directory} a backup?")
    _postgres_environment()
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has {len(tables)} "
            "table(s). Restore into an empty database: create one (createdb newsroom_restored) "
            "and point DATABASE_URL at it."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT ({media_root}) is not empty; restore into an empty one.")
    connection.close()  # pg_restore works alone, in one transaction: all of it or nothing
    _run(
        [
            "pg_restore",
            "--dbname",
            connection.settings_dict["NAME"],
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(directory / DATABASE_FILE),
        ]
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA_FILE, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of MEDIA_ROOT and device files.
        archive.extractall(media_root, filter="data")
        media_files = sum(member.isfile() for member in archive.getmembers())
    return Backup(directory, (directory / DATABASE_FILE).stat().st_size, media_files)
