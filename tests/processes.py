"""Helpers for tests that run the project as a separate process, as a user or server would."""

import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sqlite_environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    """A clean environment for a Django process on its own SQLite file (the `make run` setup)."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **settings,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url: str, headers: dict | None = None, attempts: int = 150):
    """(status, headers, body) of a GET, retried while a just-started server comes up."""
    request = urllib.request.Request(url, headers=headers or {})
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")
