"""Shared by the operations tests: a port nothing listens on, and log lines as JSON."""

import io
import json
import logging
import logging.config
import socket
from contextlib import contextmanager

from django.conf import settings

from supportcenter.ops.request_id import RequestIdFilter


def closed_port() -> int:
    """A local port nothing listens on (taken from the OS, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def json_log_lines(level=logging.INFO):
    """Every log record written meanwhile, through the production formatter (the "json"
    formatter of LOGGING) and the request id filter; yields a list filled on exit."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    configurator = logging.config.DictConfigurator({})
    handler.setFormatter(
        configurator.configure_formatter(dict(settings.LOGGING["formatters"]["json"]))
    )
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(level)
    lines: list[dict] = []
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())
