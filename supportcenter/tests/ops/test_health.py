"""The load balancer's checks: /salud/ (the process answers) and /salud/lista/ (the
database, the broker and the file storage answer in time), with each dependency
really down: a closed port, a table locked by another connection, a folder that cannot
be written."""

import logging
import time
from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

from .helpers import closed_port

pytestmark = pytest.mark.django_db

LIVE = "/salud/"
READY = "/salud/lista/"


def failures_logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "supportcenter.ops.health"]


class TestTheAddresses:
    def test_are_the_documented_ones(self):
        assert reverse("health_live") == LIVE
        assert reverse("health_ready") == READY


class TestLiveness:
    def test_answers_ok_without_a_session_or_a_query(self, client, django_assert_num_queries):
        with django_assert_num_queries(0):
            response = client.get(LIVE)

        assert response.status_code == HTTPStatus.OK
        assert response.content == b"ok\n"
        assert response["Content-Type"].startswith("text/plain")
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")

    def test_answers_a_load_balancer_calling_by_the_nodes_address(self, client):
        by_address = {"HTTP_HOST": "10.0.3.7:8000"}

        assert client.get(LIVE, **by_address).status_code == HTTPStatus.OK
        assert client.get(READY, **by_address).status_code == HTTPStatus.OK
        # The pages for people still refuse a host that is not the site's.
        login = client.get(reverse("accounts:login"), **by_address)
        assert login.status_code == HTTPStatus.BAD_REQUEST

    @pytest.mark.parametrize("path", [LIVE, READY])
    def test_take_only_get_and_head(self, client, path):
        assert client.head(path).status_code == HTTPStatus.OK
        assert client.post(path).status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_is_not_throttled_for_an_address_locked_out_of_login(self, client, settings):
        user = UserFactory(email="ana@tiendauno.cl")
        balancer = {"REMOTE_ADDR": "10.0.0.2"}
        login = reverse("accounts:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(login, {"username": user.email, "password": "mala"}, **balancer)
        locked = client.post(login, {"username": user.email, "password": PASSWORD}, **balancer)

        assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
        assert client.get(LIVE, **balancer).status_code == HTTPStatus.OK
        assert client.get(READY, **balancer).status_code == HTTPStatus.OK


class TestReadiness:
    def test_answers_ok_when_the_database_the_broker_and_the_storage_answer(self, client):
        assert settings.CELERY_BROKER_URL  # the tests' Redis is asked too

        response = client.get(READY)

        assert response.status_code == HTTPStatus.OK
        assert response.content == b"ok\n"
        assert "no-store" in response["Cache-Control"]

    def test_leaves_no_probe_file_behind(self, client):
        client.get(READY)

        health = settings.MEDIA_ROOT / "health"
        assert not health.exists() or list(health.iterdir()) == []

    def test_does_not_ask_for_a_broker_when_none_is_configured(self, client, settings, caplog):
        # As in `make run`: tasks run in the web process.
        settings.CELERY_BROKER_URL = ""

        response = client.get(READY)

        assert response.status_code == HTTPStatus.OK
        assert failures_logged(caplog) == []

    def test_fails_when_the_broker_does_not_answer(self, client, settings, caplog):
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"

        response = client.get(READY)

        assert_unavailable(response, caplog, failing="broker")

    def test_fails_when_the_database_refuses_connections(self, client, monkeypatch, caplog):
        # The next connection goes to a port nothing listens on (the test's own,
        # already open, is not affected).
        monkeypatch.setitem(connections.settings["default"], "PORT", str(closed_port()))

        response = client.get(READY)

        assert_unavailable(response, caplog, failing="database")

    def test_fails_in_time_when_the_database_is_stuck_behind_a_lock(self, client, caplog):
        # Another session holds the users table, as a long migration would.
        locker = connections.create_connection("default")
        locker.set_autocommit(False)
        try:
            with locker.cursor() as cursor:
                cursor.execute("LOCK TABLE accounts_user IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            response = client.get(READY)
            elapsed = time.monotonic() - started
        finally:
            locker.rollback()
            locker.close()

        assert_unavailable(response, caplog, failing="database")
        assert elapsed < settings.HEALTH_CHECK_TIMEOUT_SECONDS + 1.5

    @pytest.mark.parametrize("where", ["under a file", "on a read-only file system"])
    def test_fails_when_the_storage_cannot_be_written(
        self, client, settings, tmp_path, caplog, where
    ):
        if where == "under a file":
            (tmp_path / "a-file").write_text("not a folder")
            settings.MEDIA_ROOT = tmp_path / "a-file" / "media"
        else:
            settings.MEDIA_ROOT = "/proc/supportcenter-media"  # even root cannot write there

        response = client.get(READY)

        assert_unavailable(response, caplog, failing="storage")

    def test_writes_reads_and_deletes_a_probe_in_object_storage(
        self, client, settings, object_storage
    ):
        server, bucket = object_storage
        settings.HEALTH_CHECK_TIMEOUT_SECONDS = 5  # a loaded CI machine: three S3 requests

        response = client.get(READY)

        assert response.status_code == HTTPStatus.OK
        assert server.keys(bucket) == []

    @pytest.mark.parametrize("how", ["bucket deleted", "server unreachable"])
    def test_fails_when_the_object_storage_does_not_answer(
        self, client, settings, object_storage, caplog, how
    ):
        server, bucket = object_storage
        settings.HEALTH_CHECK_TIMEOUT_SECONDS = 5
        options = settings.STORAGES["default"]["OPTIONS"]
        if how == "bucket deleted":
            server.client.delete_bucket(Bucket=bucket)
        else:
            options = {**options, "endpoint_url": f"http://127.0.0.1:{closed_port()}"}
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {**settings.STORAGES["default"], "OPTIONS": options},
        }

        response = client.get(READY)

        assert_unavailable(response, caplog, failing="storage")

    def test_names_every_dependency_that_fails(self, client, settings, tmp_path, caplog):
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
        (tmp_path / "a-file").write_text("not a folder")
        settings.MEDIA_ROOT = tmp_path / "a-file" / "media"

        response = client.get(READY)

        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        logged = " ".join(failures_logged(caplog))
        assert "broker" in logged and "storage" in logged and "database" not in logged


def assert_unavailable(response, caplog, *, failing: str):
    """503 with a bare word; which dependency failed, and why, only in the log."""
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.content == b"unavailable\n"
    logged = failures_logged(caplog)
    assert len(logged) == 1, logged
    assert logged[0].startswith(f"Readiness: {failing} ")
    assert all(
        r.levelno == logging.ERROR for r in caplog.records if r.name == "supportcenter.ops.health"
    )
