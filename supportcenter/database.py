"""Every wait on the database is bounded: PostgreSQL's `statement_timeout` and
`lock_timeout`, set on each connection as it opens (libpq's `options`).

Web requests get short limits (DB_STATEMENT_TIMEOUT, DB_LOCK_TIMEOUT): a request stuck
behind a lock ends with an error page in seconds instead of holding a gunicorn worker
until it is killed. Celery workers, beat and management commands switch to the longer
DB_BACKGROUND_* limits when they start (`use_background_timeouts`).
https://www.postgresql.org/docs/current/runtime-config-client.html
"""

import re

# django-prometheus wraps the engine to count queries (settings: the metrics block).
POSTGRES_ENGINES = (
    "django.db.backends.postgresql",
    "django_prometheus.db.backends.postgresql",
)
_TIMEOUT_OPTION = re.compile(r"\s*-c\s*(statement_timeout|lock_timeout)=\S+")


def with_timeouts(database: dict, *, statement_timeout: float, lock_timeout: float) -> dict:
    """`database` (a DATABASES entry) with these limits in seconds; only for PostgreSQL."""
    if database.get("ENGINE") not in POSTGRES_ENGINES:
        return database
    options = dict(database.get("OPTIONS", {}))
    kept = _TIMEOUT_OPTION.sub("", options.get("options", "")).strip()
    limits = (
        f"-c statement_timeout={round(statement_timeout * 1000)} "
        f"-c lock_timeout={round(lock_timeout * 1000)}"
    )
    options["options"] = f"{kept} {limits}".strip()
    return {**database, "OPTIONS": options}


def set_timeouts(*, statement_timeout: float, lock_timeout: float) -> None:
    """Use these limits for every connection opened from now on in this process."""
    from django.db import connections

    for alias in connections:
        database = connections.settings[alias]
        updated = with_timeouts(
            database, statement_timeout=statement_timeout, lock_timeout=lock_timeout
        )
        # The same dict every connection of this alias reads when it (re)connects.
        database["OPTIONS"] = updated.get("OPTIONS", database.get("OPTIONS", {}))
        connections[alias].close()


def use_background_timeouts(**_signal_kwargs) -> None:
    """This process runs Celery tasks or a management command: the longer limits."""
    from django.conf import settings

    set_timeouts(
        statement_timeout=settings.DB_BACKGROUND_STATEMENT_TIMEOUT,
        lock_timeout=settings.DB_BACKGROUND_LOCK_TIMEOUT,
    )


# PostgreSQL's codes for a wait that hit its limit: lock_not_available (lock_timeout)
# and query_canceled (statement_timeout).
GAVE_UP_WAITING = {"55P03", "57014"}


def gave_up_waiting(exc: BaseException | None) -> bool:
    """`exc` is the database giving up on a wait (a lock or a statement timeout)."""
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    return getattr(exc.__cause__, "pgcode", None) in GAVE_UP_WAITING
