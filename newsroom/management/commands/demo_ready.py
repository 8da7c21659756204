"""`manage.py demo_ready`: once the demo answers, say where everything is, the editor last.

`make run` starts it beside the development server, whose banner (and the worker's and the
payment server's first words) would otherwise bury the sign-in a newcomer needs. It waits until
the server at HOST:PORT, and the demo payment server if there is one, are serving, then prints,
so the demo editor's username and password are the last lines before the request log begins.
Waiting on the servers, not on a delay: runserver prints its banner only once it is listening;
and on the worker, whose first sweep queues the periodic jobs that are due (each printed as it
runs): the sign-in waits until each due job is claimed and the queue is idle.
"""

import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.demo import DEMO_EDITOR_PASSWORD, DEMO_EDITOR_USERNAME
from donations.models import PeriodicRun
from donations.schedule import JOBS


def _serving(host: str, port: int) -> bool:
    """True once an HTTP server there is taking requests. A bare line break is a request that
    http.server (runserver's and the payment server's base) closes without answering or
    logging, so the check leaves no line in the request log."""
    try:
        with socket.create_connection((host, port), timeout=2) as connection:
            connection.sendall(b"\r\n")
            return connection.recv(1) == b""
    except OSError:
        return False


def _worker_idle() -> bool:
    """True once the worker has swept (every periodic job due now is claimed) and no task is
    waiting or running, so nothing it prints on starting comes after the sign-in."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    local = timezone.localtime()
    due = [(job.name, period) for job in JOBS if (period := job.period(local)) is not None]
    claimed = set(
        PeriodicRun.objects.filter(job__in=[name for name, _ in due]).values_list("job", "period")
    )
    busy = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()
    return set(due) <= claimed and not busy


class Command(BaseCommand):
    help = (
        "Wait until the demo's servers answer, then print the demo's addresses and, last, the "
        "demo editor's username and password (DEBUG only). `make run` runs it."
    )
    requires_system_checks = []  # runserver runs them, and says so

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=300, help="seconds to wait")

    def handle(self, *args, timeout, **options):
        servers = [(settings.HOST, settings.PORT)]
        if settings.STRIPE_DEMO:
            payments = urlsplit(settings.STRIPE_API_BASE)
            servers.append((payments.hostname, payments.port))
        deadline = time.monotonic() + timeout
        for host, port in servers:
            while not _serving(host, port):
                if time.monotonic() > deadline:
                    raise CommandError(f"Nothing answered at {host}:{port}.")
                time.sleep(0.2)
        while settings.TASKS_BACKEND == "database" and not _worker_idle():
            if time.monotonic() > deadline:
                break  # print all the same: the sign-in matters more than its place
            time.sleep(0.5)
        self.stdout.write(self._lines())

    def _lines(self) -> str:
        site = settings.SITE_URL
        lines = ["", f"The demo is ready at {site}/"]
        if settings.STRIPE_DEMO:
            lines.append(
                f"Demo payments: no money moves. Give at {site}/support/: Checkout is the "
                f"project's own test-mode payment server, {settings.STRIPE_API_BASE}. Receipts "
                "and manage-your-gift links are emails, printed here by the worker."
            )
        editor = get_user_model().objects.filter(username=DEMO_EDITOR_USERNAME).first()
        if settings.DEBUG and editor is not None:  # seed_demo makes it only with DEBUG on
            changed = "" if editor.check_password(DEMO_EDITOR_PASSWORD) else " (since changed)"
            lines.append(
                f"Demo editor: username {DEMO_EDITOR_USERNAME!r}, password "
                f"{DEMO_EDITOR_PASSWORD!r}{changed}; sign in at {site}/admin/"
            )
        return "\n".join(lines) + "\n"
