"""Every wait on the database is bounded: short for web requests, longer for Celery and
management commands; a request the database gave up on gets the "busy" page."""

import os
import subprocess
import sys
from http import HTTPStatus

import pytest
from celery import signals
from django.conf import settings
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from cases.models import SellerCaseCount
from supportcenter.database import gave_up_waiting, set_timeouts, with_timeouts

from .database_helpers import Stopwatch, lock_held, short_waits

ROOT = settings.BASE_DIR


def limits() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), current_setting('lock_timeout')"
        )
        return cursor.fetchone()


class TestTheLimits:
    def test_keep_other_connection_options_and_replace_earlier_limits(self):
        database = {
            "ENGINE": "django.db.backends.postgresql",
            "OPTIONS": {"sslmode": "prefer", "options": "-c search_path=app -c lock_timeout=9"},
        }

        bounded = with_timeouts(database, statement_timeout=10, lock_timeout=2.5)

        assert bounded["OPTIONS"] == {
            "sslmode": "prefer",
            "options": "-c search_path=app -c statement_timeout=10000 -c lock_timeout=2500",
        }

    def test_leave_sqlite_alone(self):
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}

        assert with_timeouts(database, statement_timeout=10, lock_timeout=5) == database

    @pytest.mark.django_db
    def test_web_requests_wait_a_few_seconds_at_most(self):
        assert (settings.DB_STATEMENT_TIMEOUT, settings.DB_LOCK_TIMEOUT) == (10, 5)
        assert limits() == ("10s", "5s")

    @pytest.mark.django_db(transaction=True)
    @pytest.mark.parametrize("signal", [signals.celeryd_init, signals.beat_init])
    def test_celery_workers_and_beat_wait_longer(self, signal):
        try:
            signal.send(sender=None, instance=None, conf=None, options={})
            assert limits() == ("30min", "1min")
        finally:
            set_timeouts(
                statement_timeout=settings.DB_STATEMENT_TIMEOUT,
                lock_timeout=settings.DB_LOCK_TIMEOUT,
            )
        assert limits() == ("10s", "5s")

    @pytest.mark.django_db
    def test_management_commands_wait_longer(self):
        code = (
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            "    c.execute(\"SELECT current_setting('statement_timeout'), "
            "current_setting('lock_timeout')\")\n"
            "    print(*c.fetchone())\n"
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "supportcenter.settings.test",
            "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(
                **connection.settings_dict
            ),
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

        assert result.stdout.split() == ["30min", "1min"], result.stderr


@pytest.mark.django_db(transaction=True)
class TestABlockedRequest:
    def test_gets_the_busy_page_within_the_lock_timeout(self, seller_user):
        browser = Client(raise_request_exception=False)
        browser.force_login(seller_user)
        table = SellerCaseCount._meta.db_table

        with (
            short_waits(lock_timeout=1),
            lock_held(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"),
            Stopwatch() as took,
        ):
            response = browser.get(reverse("cases:support_home"))

        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert response["Retry-After"] == "10"
        assert "El servicio está ocupado, intenta de nuevo" in response.content.decode()
        assert took.seconds < 5
        assert browser.get(reverse("cases:support_home")).status_code == HTTPStatus.OK


@pytest.mark.django_db(transaction=True)
class TestGaveUpWaiting:
    def error_of(self, sql: str) -> Exception:
        with pytest.raises(DatabaseError) as raised, connection.cursor() as cursor:
            cursor.execute(sql)
        return raised.value

    def test_a_lock_or_statement_timeout_is_the_database_giving_up(self):
        table = SellerCaseCount._meta.db_table
        with short_waits(statement_timeout=0.3, lock_timeout=0.2):
            slow = self.error_of("SELECT pg_sleep(2)")
            with lock_held(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"):
                locked = self.error_of(f"SELECT * FROM {table}")

        assert gave_up_waiting(slow) and gave_up_waiting(locked)

    def test_other_errors_are_not(self):
        division = self.error_of("SELECT 1 / 0")
        lost = self.error_of("SELECT pg_terminate_backend(pg_backend_pid())")
        connection.close()

        assert not gave_up_waiting(division) and not gave_up_waiting(lost)
        assert not gave_up_waiting(None)
