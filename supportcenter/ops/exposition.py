"""Prometheus exposition shared by the web's `/metricas/` and the Celery worker's own
metrics port: what this process (or its siblings) counted, behind a bearer token.

Gunicorn and Celery's prefork pool run several processes; each counts on its own. With
PROMETHEUS_MULTIPROC_DIR set (before the processes start, emptied at each start),
prometheus_client writes every process's counters there and the exposition adds them
up; without it, a scrape only sees the process that answered it.
"""

import hmac
import os
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import REGISTRY, CollectorRegistry, make_wsgi_app, multiprocess

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def process_metrics():
    """What this process counted, or every process of the group in multiprocess mode."""
    if not multiprocess_mode():
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


class Scrape(CollectorRegistry):
    """One scrape: extra collectors (computed now) and the processes' own metrics."""

    def __init__(self, *collectors):
        super().__init__(auto_describe=False)
        self.collectors = collectors

    def collect(self):
        for collector in self.collectors:
            yield from collector.collect()
        yield from process_metrics().collect()


def bearer_matches(authorization: str, token: str) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time. No token: refused."""
    scheme, _, offered = authorization.partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(offered.strip().encode(), token.encode())


def protected(app, token: str):
    """A WSGI app answering 401 to a request without the bearer token."""

    def guarded(environ, start_response):
        if not bearer_matches(environ.get("HTTP_AUTHORIZATION", ""), token):
            start_response(
                "401 Unauthorized",
                [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Bearer realm="metrics"')],
            )
            return [b"unauthorized\n"]
        return app(environ, start_response)

    return guarded


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # one line per scrape is noise
        pass


def serve_in_background(*, address: str, port: int, token: str) -> WSGIServer:
    """Serve this process group's metrics on a port of their own, from a daemon thread
    (the Celery worker's main process: its pool's children only count)."""
    app = protected(make_wsgi_app(Scrape()), token)
    server = make_server(address, port, app, _Server, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server
