"""Fixtures of the Atención al cliente tests: an integration with its token, an API
client, and a real HTTP server standing in for the marketplace's webhook receiver."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from .factories import make_integration


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


class Receiver:
    """The marketplace's webhook endpoint: records what arrives, answers `status`."""

    def __init__(self):
        self.received: list[dict] = []
        self.statuses: list[int] = []  # answers to give, in order; then 200
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.received.append(
                        {"path": self.path, "headers": dict(self.headers), "body": body}
                    )
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/webhooks/portal"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def json(self, index=-1) -> dict:
        return json.loads(self.received[index]["body"])

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def connected(seller, receiver):
    """Seller A's marketplace integration (webhooks to `receiver`) and its token."""
    return make_integration(seller, name="Marketplace", webhook_url=receiver.url)


@pytest.fixture
def integration(connected):
    return connected[0]


@pytest.fixture
def api(connected):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {connected[1]}")
    return client
