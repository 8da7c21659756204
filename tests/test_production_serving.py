"""The production path from the README: collectstatic, then gunicorn with DEBUG off."""

import re
import subprocess
import sys
from pathlib import Path

from tests.processes import ROOT, free_port, http_get, production_environment


def test_gunicorn_serves_pages_and_compressed_hashed_static_files(tmp_path):
    port = free_port()
    environment = production_environment(
        tmp_path,
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
            timeout=300,
        )
    server = subprocess.Popen(
        [Path(sys.executable).parent / "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, _, home = http_get(f"http://127.0.0.1:{port}/")
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
        css_status, css_headers, _ = http_get(
            f"http://127.0.0.1:{port}{stylesheet.decode()}", {"Accept-Encoding": "gzip"}
        )
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert status == 200
    assert css_status == 200
    assert css_headers["Content-Encoding"] == "gzip"
    assert "immutable" in css_headers["Cache-Control"]
