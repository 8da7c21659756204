"""bench/webhooks.py's load generators (wrk with its script, and the Python selector loop) send
each delivery exactly once and count the answers they got, against a small server of the test's
own that closes every connection after one answer, as gunicorn's sync workers do."""

import json
import shutil
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.processes import ROOT

SEND = """
import collections, json, sys
from pathlib import Path
sys.path.insert(0, "bench")
import webhooks

port, sender, directory = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
events = [webhooks._event(number, 1) for number in range(60)]
requests = [webhooks._request(webhooks._signed(event), port) for event in events + events[:1]]
if sender == "wrk":
    _, _, counted = webhooks._send_with_wrk(port, requests, 4, 20, directory)
else:
    answers = webhooks._send_all(port, requests, 4, 20)
    counted = collections.Counter((status, body.decode()) for status, body in answers)
print(json.dumps([[status, text, total] for (status, text), total in counted.items()]))
"""


class Receiver(BaseHTTPRequestHandler):
    """Answers each delivery as the webhook does (queued, or duplicate when seen before), one
    per connection, and notes every event id it got."""

    received: Counter
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        event_id = json.loads(body)["id"]
        with self.lock:
            self.received[event_id] += 1
            answer = b"duplicate" if self.received[event_id] > 1 else b"queued"
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.received = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("sender", ["wrk", "python"])
def test_every_delivery_is_sent_once_and_its_answer_counted(receiver, sender, tmp_path):
    if sender == "wrk" and not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk)")
    port = receiver.server_address[1]

    run = subprocess.run(
        [sys.executable, "-c", SEND, str(port), sender, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stderr
    counted = {(status, text): total for status, text, total in json.loads(run.stdout)}
    assert counted == {(200, "queued"): 60, (200, "duplicate"): 1}
    assert len(Receiver.received) == 60
    assert Receiver.received["evt_bench00000000"] == 2  # sent twice, as the bench's duplicates
    assert set(Receiver.received.values()) == {1, 2}
