"""Helpers for tests that run the project as a separate process, as a user or server would."""

import os
import signal
import socket
import subprocess
import sys
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


def production_environment(tmp_path: Path, **settings: str) -> dict[str, str]:
    """sqlite_environment with DEBUG off, as production runs: a real key, hashed static files."""
    return sqlite_environment(
        tmp_path,
        DEBUG="false",
        SECRET_KEY="a-perfectly-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        **settings,
    )


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


class ServerProcess:
    """A server of the test's own, in a process of its own on a free port, that the test can
    stop (or freeze) mid-way. Subclasses say how to start it and how to tell that it answers."""

    name = "server"
    start_seconds = 10.0
    environment: dict[str, str] | None = None  # None: this process's own

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def command(self) -> list:
        raise NotImplementedError

    def start(self):
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + self.start_seconds
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"{self.name} on port {self.port} never answered")
            time.sleep(0.02)
        return self

    def freeze(self) -> None:
        """Like a server that hangs: connections still open (the kernel queues them), nothing
        answers."""
        self.process.send_signal(signal.SIGSTOP)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGCONT)  # a frozen process would not see the TERM
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def _answers(self) -> bool:
        raise NotImplementedError


class RedisServer(ServerProcess):
    """A redis-server of the test's own, keeping nothing on disk, so the test can stop it
    mid-way (the shared one on 6379 serves other tests) and start it again on the same port."""

    name = "redis-server"

    def __init__(self, directory: Path):
        super().__init__()
        self.directory = directory

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list:
        return [
            "redis-server",
            *("--port", str(self.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
        ]

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class S3Server(ServerProcess):
    """moto's standalone server: the S3 API over HTTP on 127.0.0.1, in a process of its own, so
    the app talks to it exactly as to a real bucket service (boto3, signed requests, HTTP)."""

    name = "moto_server"
    start_seconds = 30.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list:
        moto_server = Path(sys.executable).parent / "moto_server"
        return [moto_server, "-H", "127.0.0.1", "-p", str(self.port)]

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False


class Gunicorn(ServerProcess):
    """The site under gunicorn, as production serves it, with the environment given."""

    name = "gunicorn"
    start_seconds = 30.0

    def __init__(self, environment: dict[str, str], workers: int = 2):
        super().__init__()
        self.environment = environment
        self.workers = workers

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        return [
            gunicorn,
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "-w",
            str(self.workers),
        ]

    def _answers(self) -> bool:
        try:  # robots.txt needs neither the database nor collected static files
            with urllib.request.urlopen(f"{self.url}/robots.txt", timeout=1) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False
