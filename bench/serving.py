"""Serving benchmark: requests a second for reader pages, from nginx's to rendering, in one run.

    make bench
    .venv/bin/python bench/serving.py --articles 1000 --seconds 5 --rounds 3
    .venv/bin/python bench/serving.py --targets floor+redis,redis --pages article   # a few

For the article, home, a section, a tag and an author page of a seeded archive (its own
PostgreSQL database, BENCH_DATABASE_URL, default newsroom_bench, grown as bench/pages.py grows
it), it loads each of these with `wrk -t2 -c16` for --seconds, all on this machine, all
listening on 127.0.0.1:

    nginx         Debian's nginx serving the page's bytes from files (2 workers, its own config
                  in a temporary directory)
    floor         the Python floor: a bare WSGI app (bench/floor.py) in gunicorn -w 2 returning
                  the same bytes; what any Python app server costs before the app does anything
    floor+redis   the same, reading one small key from Redis per request: the floor of any page
                  cache that asks Redis once per hit (a reference, not a goal)
    edge          varnishd running deploy/varnish/newsroom.vcl, as shipped, in front of the app
    locmem        the app (gunicorn -w 2, sync workers, production settings) from its page
                  cache, in each worker's memory
    redis         the same, the page cache on Redis (a redis-server of the benchmark's own):
                  the README's production setting
    rendered      the app with the page cache off (PAGE_CACHE_SECONDS=0)

Each figure is the median of --rounds runs, every server in turn each round, so that the
machine's other load falls on all of them alike. It prints requests/s with its ratio to nginx
and to the floor, and the CPU time each request cost the server (and its Redis), which other
load disturbs less than requests/s; then each gunicorn's peak memory (RSS) per worker, and the
load average before and after. Every page is fetched from every server first and must be the
same bytes. Needs Debian's nginx, wrk, varnish and redis-server (`apt-get install nginx-light
wrk varnish redis-server`). Bounded: each figure takes --rounds x --seconds plus a one-second
warm-up (about ten minutes in all at the defaults; --targets and --pages measure fewer servers
and pages, the floor always, with nginx's column empty when it is left out); everything it
starts is stopped at the end, or on an error or Ctrl-C.
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

# Sets the benchmark's environment (database, production settings) before Django is set up.
from pages import BENCH_DATABASE_URL, _ensure_database, archive_grow  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
NGINX = Path("/usr/sbin/nginx")
VARNISHD = Path("/usr/sbin/varnishd")
VCL = ROOT / "deploy" / "varnish"
TOOLS = {"nginx": NGINX, "varnishd": VARNISHD}
INSTALL = "apt-get install nginx-light wrk varnish redis-server"
START_SECONDS = 60
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TARGETS = {
    "nginx": "nginx, the same bytes from files",
    "floor": "Python floor (bare WSGI app, gunicorn)",
    "floor+redis": "Python floor + one Redis GET (reference)",
    "edge": "edge: varnishd, deploy/varnish's VCL",
    "locmem": "page cache, local memory",
    "redis": "page cache, Redis",
    "rendered": "rendered (page cache off)",
}
USE_REDIS = {"floor+redis", "redis"}
PAGES = ("article", "home", "section", "tag", "author")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    """A process of the benchmark's own on 127.0.0.1, stopped at the end whatever happens."""

    def __init__(self, name: str, directory: Path):
        self.name = name
        self.port = _free_port()
        self.log = directory / f"{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, command: list, *, env: dict | None = None, probe: str | None = "/") -> "Server":
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [str(part) for part in command],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                if probe is None:  # any server that takes connections
                    socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
                else:
                    _get(self.url + probe, timeout=5)
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = self.log.read_text()
                    raise SystemExit(f"{self.name} never answered:\n{log}") from None
                time.sleep(0.1)
        return self

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by this server and every process it started."""
        pids, total = [self.process.pid], 0.0
        while pids:
            pid = pids.pop()
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pids += [int(child) for child in (task / "children").read_text().split()]
            except FileNotFoundError:  # a process that just ended
                continue
        return total

    def workers_peak_rss_mb(self) -> list[float]:
        """Peak resident memory (VmHWM) of each of this gunicorn's workers, in MB."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        peaks = []
        for child in children:
            status = Path(f"/proc/{child}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return peaks

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def _app_environment(static_root: Path, **settings: str) -> dict:
    return {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        **settings,
    }


def _gunicorn(application: str, *, workers: int) -> list:
    return [GUNICORN, application, "--workers", str(workers), "--worker-class", "sync"]


def _nginx_config(directory: Path, port: int) -> Path:
    config = directory / "nginx.conf"
    config.write_text(
        f"""
worker_processes 2;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    charset utf-8;
    server {{
        listen 127.0.0.1:{port};
        root {directory}/www;
        index index.html;
    }}
}}
"""
    )
    return config


def _load() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def _wrk(url: str, *, seconds: int, connections: int, threads: int) -> dict:
    command = [
        *("wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"),
        *("--timeout", "10s", url),
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    failed = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rate": rate,
        "requests": requests,
        "failed": int(failed.group(1)) if failed else 0,
        "errors": errors.group(1).strip() if errors else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="archive size, at least")
    parser.add_argument("--seconds", type=int, default=5, help="wrk's duration for each figure")
    parser.add_argument("--connections", type=int, default=16, help="wrk -c")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--rounds", type=int, default=3, help="runs per figure (the median)")
    parser.add_argument(
        "--targets",
        default=",".join(TARGETS),
        help=f"servers to measure, comma-separated (the floor always): {','.join(TARGETS)}",
    )
    parser.add_argument("--pages", default=",".join(PAGES), help="pages to measure")
    options = parser.parse_args()
    options.targets = {"floor", *options.targets.split(",")}
    options.pages = options.pages.split(",")
    unknown = options.targets - set(TARGETS) or set(options.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown: {', '.join(sorted(unknown))}")

    missing = [name for name, path in TOOLS.items() if not path.exists()]
    missing += [name for name in ("wrk", "redis-server") if shutil.which(name) is None]
    if missing:
        raise SystemExit(f"bench/serving.py needs {', '.join(missing)}: {INSTALL}")

    # Stopped from outside (a timeout, a CI job cancelled): stop the servers too.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit("bench/serving.py: stopped"))
    directory = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    servers: list[Server] = []
    try:
        _run(options, directory, servers)
    finally:
        for server in reversed(servers):
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def _run(options, directory: Path, servers: list) -> None:
    static_root = directory / "static"
    os.environ["STATIC_ROOT"] = str(static_root)
    _ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article, Tag

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    archive_grow(options.articles)
    articles = Article.objects.count()  # at least --articles: a database is grown, never cut
    article = Article.objects.published().order_by("-published_at").first()
    pages = {
        "article": article.get_absolute_url(),
        "home": "/",
        "section": article.section.get_absolute_url(),
        "tag": Tag.objects.order_by("pk").first().get_absolute_url(),
        "author": article.byline_authors[0].get_absolute_url(),
    }
    pages = {name: address for name, address in pages.items() if name in options.pages}
    from django.db import connections

    connections.close_all()

    def started(server: Server, *args, **kwargs) -> Server:
        servers.append(server)
        return server.start(*args, **kwargs)

    redis_server = Server("redis-server", directory)
    started(
        redis_server,
        [
            "redis-server",
            *("--port", str(redis_server.port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(directory)),
        ],
        probe=None,
    )
    redis_url = f"redis://127.0.0.1:{redis_server.port}/0"
    app = _gunicorn("newsroom.wsgi", workers=options.workers)
    probe = "/robots.txt"  # a page the benchmark does not measure
    apps = {
        "rendered": _app_environment(static_root, PAGE_CACHE_SECONDS="0"),
        "locmem": _app_environment(
            static_root, PAGE_CACHE_SECONDS="60", CACHE_URL="locmemcache://"
        ),
        "redis": _app_environment(
            static_root,
            PAGE_CACHE_SECONDS="60",
            CACHE_URL=redis_url,
        ),
    }
    gunicorns = {}
    for name, environment in apps.items():
        if name not in options.targets and name != "rendered":  # its pages are the reference
            continue
        server = Server(name, directory)
        gunicorns[name] = started(
            server, [*app, "--bind", f"127.0.0.1:{server.port}"], env=environment, probe=probe
        )

    # The bytes a reader without a cookie gets, for nginx and the floor to serve.
    www = directory / "www"
    floor_pages = directory / "floor"
    floor_pages.mkdir()
    manifest, bodies = {}, {}
    for name, address in pages.items():
        status, body = _get(gunicorns["rendered"].url + address)
        if status != 200:
            raise SystemExit(f"{address} answered {status}")
        bodies[name] = body
        manifest[address] = f"{name}.html"
        (floor_pages / f"{name}.html").write_bytes(body)
        (www / address.strip("/")).mkdir(parents=True, exist_ok=True)
        (www / address.strip("/") / "index.html").write_bytes(body)
    (floor_pages / "pages.json").write_text(json.dumps(manifest))
    for path in [directory, *directory.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # nginx's workers run as www-data

    floor_environment = {**os.environ, "BENCH_FLOOR_PAGES": str(floor_pages)}
    floors = {}
    for name, environment in {
        "floor": floor_environment,
        "floor+redis": {**floor_environment, "BENCH_FLOOR_REDIS": redis_url},
    }.items():
        if name not in options.targets:
            continue
        server = Server(name, directory)
        floors[name] = started(
            server,
            [
                *_gunicorn("floor:application", workers=options.workers),
                *("--chdir", ROOT / "bench", "--bind", f"127.0.0.1:{server.port}"),
            ],
            env=environment,
            probe=next(iter(pages.values())),
        )
    nginx = Server("nginx", directory)
    if "nginx" in options.targets:
        config = _nginx_config(directory, nginx.port)
        started(nginx, [NGINX, "-c", config, "-e", directory / "nginx-error.log"])
    # The shipped site.vcl, pointed at the rendering app.
    site = (VCL / "site.vcl.example").read_text()
    site = site.replace('.port = "8000"', f'.port = "{gunicorns["rendered"].port}"')
    (directory / "site.vcl").write_text(site)
    edge = Server("edge", directory)
    if "edge" in options.targets:
        started(
            edge,
            [
                *(VARNISHD, "-F", "-a", f"127.0.0.1:{edge.port}", "-n", directory / "varnish"),
                *("-p", f"vcl_path={directory}:{VCL}", "-f", VCL / "newsroom.vcl"),
                *("-s", "malloc,64m"),
            ],
            probe=probe,
        )
    targets = {"nginx": nginx, **floors, "edge": edge, **gunicorns}
    targets = {name: targets[name] for name in TARGETS if name in options.targets}

    print(
        f"Reader pages served on this machine ({os.cpu_count()} cores), {articles:,} "
        f"articles. Each figure: the median of {options.rounds} runs of wrk -t{options.threads} "
        f"-c{options.connections} -d{options.seconds}s, every server in turn each round; "
        f"gunicorn -w {options.workers} (sync workers)."
    )
    print(f"load average before: {_load()}")
    wrk = {
        "seconds": options.seconds,
        "connections": options.connections,
        "threads": options.threads,
    }
    for name, address in pages.items():
        for target, server in targets.items():
            status, body = _get(server.url + address)
            if status != 200 or body != bodies[name]:
                raise SystemExit(f"{target} served other bytes for {address} ({status})")
            _wrk(server.url + address, **{**wrk, "seconds": 1})  # warm-up
        runs = {target: [] for target in targets}
        for _ in range(options.rounds):
            for target, server in targets.items():
                # The CPU the server spent (its Redis's too), the load generator's aside.
                spending = [server, *([redis_server] if target in USE_REDIS else [])]
                cpu_before = sum(process.cpu_seconds() for process in spending)
                run = _wrk(server.url + address, **wrk)
                cpu = sum(process.cpu_seconds() for process in spending) - cpu_before
                run["cpu_us"] = cpu / max(1, run["requests"]) * 1e6
                runs[target].append(run)
        rates = {t: statistics.median(r["rate"] for r in each) for t, each in runs.items()}
        cpus = {t: statistics.median(r["cpu_us"] for r in each) for t, each in runs.items()}
        print(f"\n{name} {address} ({len(bodies[name]):,} bytes)")
        print(
            f"  {'served by':<44} {'requests/s':>10} {'x nginx':>8} {'x floor':>8}"
            f" {'CPU us/req':>10} {'x floor':>8}  requests/s of each run"
        )
        nginx_rate = rates.get("nginx", math.nan)  # nan: not measured
        for target, rate in rates.items():
            failed = sum(r["failed"] for r in runs[target])
            errors = "; ".join(r["errors"] for r in runs[target] if r["errors"])
            trouble = f"  {failed} non-2xx; socket errors: {errors}" if failed or errors else ""
            each = "/".join(f"{r['rate']:.0f}" for r in runs[target])
            print(
                f"  {TARGETS[target]:<44} {rate:>10,.0f} {rate / nginx_rate:>8.3f}"
                f" {rate / rates['floor']:>8.2f} {cpus[target]:>10,.0f}"
                f" {cpus['floor'] / cpus[target]:>8.2f}  {each}{trouble}",
                flush=True,
            )

    print("\npeak memory (RSS) per gunicorn worker:")
    for name, server in [*floors.items(), *gunicorns.items()]:
        if name not in targets:
            continue
        peaks = ", ".join(f"{peak:.0f} MB" for peak in server.workers_peak_rss_mb())
        print(f"  {TARGETS[name]:<44} {peaks}")
    print(f"load average after: {_load()}")
    print(f"(database {BENCH_DATABASE_URL.rsplit('/', 1)[-1]})")


if __name__ == "__main__":
    main()
