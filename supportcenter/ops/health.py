"""The load balancer's checks: is the process alive, and can it serve right now?

`/salud/` (liveness) answers from the process alone: no session, no query. A failing
liveness check means "restart me". `/salud/lista/` (readiness) also asks the database,
the broker (when there is one) and the file storage, each within
HEALTH_CHECK_TIMEOUT_SECONDS, all at once; a failing readiness check means "send no
traffic here for now". Neither says more than "ok" or "unavailable": what failed, and
why, goes to the log only. Both are answered before sessions, host validation and the
HTTPS redirect (see MachineEndpointsMiddleware).
"""

import logging
import os
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor, wait
from contextvars import copy_context
from time import monotonic

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

PROBE_DIR = "health"
PROBE_CONTENT = b"ok"


def check_database(timeout: float) -> None:
    """A fresh connection reads the users table, which every signed-in request reads.

    Fresh, so a database that stopped taking new connections is seen; closed after, so
    a probe never keeps one. PostgreSQL's statement_timeout ends a read stuck behind a
    lock (a migration, say) server-side, instead of leaving it waiting.
    """
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET statement_timeout = %s", [max(int(timeout * 1000), 1)])
            table = connection.ops.quote_name(get_user_model()._meta.db_table)
            cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
            cursor.fetchall()
    finally:
        connection.close()


def check_broker(timeout: float) -> None:
    """Connects to the Celery broker and back (Redis: a real round trip)."""
    options = {
        **getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
    }
    with Connection(
        settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options
    ) as broker:
        broker.ensure_connection(max_retries=0)


def check_storage(timeout: float) -> None:
    """Writes, reads back and deletes a tiny file in the default storage: a full disk,
    a read-only or missing folder, or a bucket the keys cannot write to all fail here.
    Works the same on the local disk and on object storage (three small requests)."""
    name = default_storage.save(f"{PROBE_DIR}/{uuid.uuid4().hex}.txt", ContentFile(PROBE_CONTENT))
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != PROBE_CONTENT:
                raise OSError(f"The storage gave back something else than what {name} holds.")
    finally:
        default_storage.delete(name)


def dependencies() -> dict:
    """What readiness asks, by the name the log uses. No broker in `make run`."""
    checks = {"database": check_database, "storage": check_storage}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = check_broker
    return checks


_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()


def _executor() -> ThreadPoolExecutor:
    """A few threads per process (made after a fork: a forked pool has no threads). A
    dependency that hangs past its own timeouts holds one until it gives up."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(max_workers=6, thread_name_prefix="readiness")
            _pool_pid = os.getpid()
        return _pool


def failing_dependencies() -> list[str]:
    """Runs the checks at once; returns the names of those that failed or were late."""
    timeout = settings.HEALTH_CHECK_TIMEOUT_SECONDS
    started = monotonic()
    futures = {
        name: _executor().submit(copy_context().run, check, timeout)
        for name, check in dependencies().items()
    }
    wait(futures.values(), timeout=timeout)
    failing = []
    for name, future in futures.items():
        if not future.done():
            future.cancel()  # not started yet: a stuck pool must not pile up work
            logger.error("Readiness: %s did not answer within %.1f s.", name, monotonic() - started)
            failing.append(name)
        elif future.exception() is not None:
            error = future.exception()
            logger.error("Readiness: %s failed: %s: %s", name, type(error).__name__, error)
            failing.append(name)
    return failing


def _answer(status: int, word: str) -> HttpResponse:
    return HttpResponse(f"{word}\n", status=status, content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def liveness(request):
    return _answer(200, "ok")


@never_cache
@require_safe
def readiness(request):
    if failing_dependencies():
        return _answer(503, "unavailable")
    return _answer(200, "ok")
