"""Real PostgreSQL locks for tests: a second connection holds them while a request runs."""

import time
from contextlib import contextmanager

import psycopg2
from django.conf import settings
from django.db import connection

from supportcenter.database import set_timeouts


def second_connection():
    """A connection of its own to the test database (not Django's)."""
    database = connection.settings_dict
    return psycopg2.connect(
        dbname=database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )


@contextmanager
def lock_held(sql: str, params=()):
    """Another connection runs `sql` (which takes locks) and holds them until the end."""
    other = second_connection()
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)  # psycopg2 opened a transaction: the locks stay
        yield
    finally:
        other.rollback()
        other.close()


@contextmanager
def short_waits(*, statement_timeout: float = 3, lock_timeout: float = 1):
    """Lower limits for this process's connections (a test need not wait 5 s each time)."""
    set_timeouts(statement_timeout=statement_timeout, lock_timeout=lock_timeout)
    try:
        yield
    finally:
        set_timeouts(
            statement_timeout=settings.DB_STATEMENT_TIMEOUT, lock_timeout=settings.DB_LOCK_TIMEOUT
        )


class Stopwatch:
    def __enter__(self):
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.started
