"""A request id in every log line of a request and of the Celery tasks it publishes.

The middleware takes the id the proxy sent in `X-Request-ID` (nginx: `proxy_set_header
X-Request-ID $request_id;`) when it looks like one, or makes one, and answers with it.
The id lives in a context variable that a logging filter copies onto every record;
`supportcenter.ops.celery` carries it in the headers of the tasks published meanwhile.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

HEADER = "X-Request-ID"
# What a proxy's id looks like (nginx: 32 hex digits, others a UUID); anything else (too
# long, spaces, line breaks that would forge log lines) is replaced by our own.
VALID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current() -> str | None:
    return _current.get()


def activate(request_id: str | None):
    """Make `request_id` the current one; returns the token to reset it with."""
    return _current.set(request_id)


def reset(token) -> None:
    _current.reset(token)


def valid(value: str | None) -> bool:
    return bool(value) and VALID.fullmatch(value) is not None


def new() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every later middleware logs with the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER)
        request.request_id = offered if valid(offered) else new()
        # Not reset on the way out: Django logs a 4xx/5xx after the middleware returns.
        # The end of the request clears it (below).
        activate(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def _forget(**kwargs) -> None:
    activate(None)


# Sent once the response is closed (after Django's own log line about it), so the next
# request served by this thread starts without an id.
request_finished.connect(_forget, dispatch_uid="supportcenter.ops.request_id.forget")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (None outside a request or a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current()
        return True
