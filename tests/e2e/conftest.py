"""Browser tests: a real Chromium, driven by Playwright, against pytest-django's live server.

Nothing here touches the internet: the browser is Debian's Chromium (never `playwright install`),
axe-core is the copy bundled with axe-playwright-python, and every request the page makes to a
host other than the live server is blocked and recorded. Every test also fails if a page broke
the Content-Security-Policy, or if a page of ours arrived without one.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(executable).is_file():
        pytest.fail(
            f"The browser tests need Chromium, and there is none at {executable}. "
            "Install Debian's chromium: apt-get update && apt-get install -y chromium, "
            "or set CHROMIUM_PATH to a Chromium executable. (Do not run `playwright install`: "
            "the tests use the system browser.)",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


def _app_serves_static(app):
    return app


@pytest.fixture(scope="session")
def live_server(request, django_db_setup, _collected_static):
    """pytest-django's live server, serving static files the way production does.

    pytest-django wraps the server in Django's StaticFilesHandler, which looks files up in the
    source directories by their plain names, so the content-hashed names that the manifest storage
    puts in the pages (css/site.<hash>.css) all answer 404 and the pages render unstyled. Here
    /static/ goes through the app instead, where WhiteNoise serves the collected, hashed files.
    Media still comes from the current MEDIA_ROOT, through the live server's own media handler.
    It depends on django_db_setup so that it stops (closing its connections) before the test
    database is dropped.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _app_serves_static
    server.start()
    yield server
    server.stop()


class ThirdPartyRequests(list):
    """The URLs of requests pages tried to make to hosts other than the live server."""

    def watch(self, context):
        """Block, and remember, every off-site request from the pages of `context`."""
        context.route("**/*", self._route)
        return context

    def observe(self, context):
        """Remember, without blocking, every off-site request from the pages of `context`.

        For tests of the browser's own HTTP cache: Playwright turns that cache off in a context
        whose requests are routed, so `watch` would hide what such a test is about.
        """
        context.on("request", self._seen)
        return context

    def _seen(self, request):
        if _off_site(request.url):
            self.append(request.url)

    def _route(self, route):
        url = route.request.url
        if _off_site(url):
            self.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()


def _off_site(url):
    parts = urlsplit(url)
    return parts.scheme not in {"data", "blob", "about"} and parts.hostname not in LOCAL_HOSTS


@pytest.fixture
def third_party_requests():
    """What the test's pages tried to fetch from elsewhere (blocked): should stay empty."""
    return ThirdPartyRequests()


# Runs in every frame before the page's own scripts (through the DevTools protocol, which the
# page's policy does not govern) and hands each violation to Python at once, so that none is
# lost when the page navigates away.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__policyViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


class PolicyViolations(list):
    """What the browser refused under our Content-Security-Policy (and Permissions-Policy
    header errors), plus every page of ours that arrived without a policy.

    Violations come from the `securitypolicyviolation` event where JavaScript runs, and from
    Chromium's console messages, which it also writes with JavaScript off.
    """

    def __init__(self):
        super().__init__()
        self.documents_without_policy = []
        self._contexts = []

    def watch(self, context):
        context.expose_binding("__policyViolation", self._reported)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._console)
        context.on("response", self._response)
        close = context.close

        def flush_then_close(*args, **kwargs):
            self.flush()
            close(*args, **kwargs)

        context.close = flush_then_close
        self._contexts.append(context)
        return context

    def flush(self):
        """Let every open page deliver the reports it has queued."""
        for context in self._contexts:
            for page in context.pages:
                if not page.is_closed():
                    page.wait_for_timeout(50)

    def _reported(self, source, violation):
        self.append(
            f"{violation['page']}: {violation['directive']} blocked {violation['blocked']!r}"
            f" ({violation['source']}:{violation['line']}) {violation['sample']!r}"
        )

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            self.append(f"{message.page.url if message.page else ''}: console: {text}")

    def _response(self, response):
        if response.request.resource_type == "document" and not response.header_value(
            "content-security-policy"
        ):
            self.documents_without_policy.append(response.url)


@pytest.fixture
def policy_violations():
    """Everything the test's pages broke of the security policies: should stay empty."""
    return PolicyViolations()


@pytest.fixture
def new_context(new_context, third_party_requests, policy_violations):
    """pytest-playwright's `new_context`, with every context kept to the live server and its
    policy violations recorded.

    The `context` and `page` fixtures are built on this one, so they are kept to it too.
    """

    def make_context(**kwargs):
        context = new_context(**kwargs)
        if kwargs.get("java_script_enabled") is False:
            _documents_kept(context)
        return policy_violations.watch(third_party_requests.watch(context))

    yield make_context
    policy_violations.flush()


@pytest.fixture(autouse=True)
def _no_policy_violations(request, policy_violations):
    """Every browser test also checks the security headers of every page it visited: no
    Content-Security-Policy violation, and no page of ours without the header."""
    yield
    missing = []
    if "live_server" in request.fixturenames:  # the fake Stripe's pages are not ours
        ours = request.getfixturevalue("live_server").url
        missing = [u for u in policy_violations.documents_without_policy if u.startswith(ours)]
    if policy_violations or missing:
        pytest.fail(
            f"{len(policy_violations)} security policy violation(s):\n  "
            + "\n  ".join(policy_violations)
            + f"\n{len(missing)} page(s) of ours without a Content-Security-Policy:\n  "
            + "\n  ".join(missing),
            pytrace=False,
        )


def _describe(violation):
    nodes = "\n".join(
        f"      - {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
        for node in violation["nodes"]
    )
    return (
        f"  {violation['id']} ({violation.get('impact')}): {violation['help']}\n"
        f"    {violation.get('helpUrl', '')}\n{nodes}"
    )


@pytest.fixture(scope="session")
def _axe():
    return Axe()  # Injects the axe.min.js bundled with the package: nothing is downloaded.


def _documents_kept(context) -> None:
    """Keep, for each page of a context with JavaScript off, the last document it received:
    axe is a script and cannot run in such a page (Playwright waits on it for ever), so `axe`
    checks that markup in a context with JavaScript on instead (see `axe`)."""
    context.documents = {}

    def watch(page):
        def keep(response):
            if response.request.resource_type == "document" and not 300 <= response.status < 400:
                context.documents[page] = response

        page.on("response", keep)

    context.on("page", watch)  # every page, opened by the test or by a link (a new tab)


@pytest.fixture
def axe(_axe, new_context):
    """`axe(page)` fails the test, listing each problem, if axe-core finds any violation.

    For a page shown with JavaScript off it checks the markup that page received, answered at
    the same address (with the page's own styles and policy) to a page with JavaScript on: our
    scripts change nothing on load for a reader who has not acted, so axe sees what the reader
    without JavaScript sees."""

    def check(page, *, stylesheets: bool = True):
        """`stylesheets=False` for the admin's forms: for its one rule about stylesheets
        (css-orientation-lock), axe reads each again, and one the page's CSS @imports (the
        admin's forms.css imports widgets.css) it parses in a <style> element of its own,
        which our Content-Security-Policy refuses: a violation of the test tool's making."""
        documents = getattr(page.context, "documents", None)
        if documents is not None:
            response = documents[page]
            headers = {"content-type": response.header_value("content-type") or "text/html"}
            if policy := response.header_value("content-security-policy"):
                headers["content-security-policy"] = policy
            body, status = response.body(), response.status
            context = new_context()
            context.route(
                response.url,
                lambda route: route.fulfill(status=status, headers=headers, body=body),
            )
            copy = context.new_page()
            copy.goto(page.url)
            try:
                return check(copy, stylesheets=stylesheets)
            finally:
                context.close()
        options = None if stylesheets else {"preload": False}
        violations = _axe.run(page, options=options).response["violations"]
        if violations:
            pytest.fail(
                f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
                + "\n".join(_describe(violation) for violation in violations),
                pytrace=False,
            )

    return check


@pytest.fixture(autouse=True)
def _close_connections_opened_beside_playwright():
    """Close the test's database connections when it ends.

    With Playwright's event loop running in this thread, Django keys connections by context, so
    a browser test gets a connection of its own that nothing else closes; left open, it stops
    the test database from being dropped at the end of the run.
    """
    yield
    connections.close_all()
