"""Emails under faults, with the real parts: Redis, Celery workers (a thread, or a
`celery worker` process killed with SIGKILL), PostgreSQL and an SMTP server (aiosmtpd).
The mail server counts what it received per recipient and Message-ID, and the email
audit compares it with what the cases' histories promise: nothing missing, nothing twice.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager

import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task start_worker uses)
import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from cases import emails
from cases.models import Case
from cases.tests.email_audit import audit_emails
from cases.tests.factories import CauseFactory
from cases.tests.test_faults import CLOSED_PORT, broker
from cases.tests.wizard_helpers import confirm, run_wizard
from notifications import services
from notifications.models import OutboundEmail
from notifications.services import message_id
from notifications.tests.factories import OutboundEmailFactory
from supportcenter.celery import app
from supportcenter.tests.database_helpers import lock_held, short_waits

pytestmark = [
    pytest.mark.celery_integration,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

Status = OutboundEmail.Status


def wait_until(condition, timeout: float, every: float = 0.2, tick=None) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if tick is not None:
            tick()
        time.sleep(every)
    return False


@contextmanager
def worker_thread():
    """A real worker (a thread of this process) consuming from the test's Redis."""
    with broker(django_settings.CELERY_BROKER_URL):
        with app.connection_for_write() as redis:
            redis.default_channel.queue_purge("celery")
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield


def beat():
    """What celery beat does every minute: publish the outbox flush."""
    app.tasks["notifications.tasks.flush_outbox"].delay()


def publish_delivery(email: OutboundEmail) -> None:
    app.tasks["notifications.tasks.deliver_email"].delay(email.pk)


def status_of(email: OutboundEmail) -> str:
    return OutboundEmail.objects.values_list("status", flat=True).get(pk=email.pk)


class TestBrokerDown:
    def test_every_promised_email_is_delivered_once_after_the_broker_returns(
        self, settings, mail_server, client, seller_user, seller_colleague, agent
    ):
        settings.CASE_CREATED_EMAIL_WAIT_SECONDS = 2
        cause = CauseFactory()

        def ask_for_information(case, text):
            client.force_login(agent)
            response = client.post(
                reverse("admin:cases_case_request_information", args=[case.pk]),
                {"body": text},
            )
            assert response.status_code == 302

        with broker(CLOSED_PORT):  # Redis is down while sellers and an agent work
            for n, user in enumerate([seller_user, seller_colleague, seller_user]):
                client.force_login(user)
                run_wizard(client, cause, subject=f"Caso {n}")
                created, _key = confirm(client)
                assert created.status_code == 302
            first, second, third = Case.objects.order_by("pk")
            ask_for_information(first, "Envía la cartola de octubre")

        # Every promised email is in the outbox already, "case created" included.
        assert audit_emails(Case.objects.all(), Counter()).not_queued == []
        assert mail_server.received == []

        with worker_thread():
            # Redis is back. Before any periodic refresh, an agent's change computes the
            # second case's estimate (the "case created" email must not be skipped).
            ask_for_information(second, "Envía la boleta")
            expected = 3 * 3 + 2 * 3  # three cases and two requests, three recipients each
            delivered = wait_until(
                lambda: sum(mail_server.copies().values()) >= expected, timeout=60, tick=beat
            )
            assert delivered, audit_emails(Case.objects.all(), mail_server.copies()).report()
            beat(), beat()
            time.sleep(1.5)  # time for a duplicate to show up, if there were one

        audit = audit_emails(Case.objects.all(), mail_server.copies())
        assert audit.clean, audit.report()
        assert len(audit.expected) == expected
        assert not OutboundEmail.objects.exclude(status=Status.SENT).exists()
        second.refresh_from_db()
        [created] = [
            r
            for r in mail_server.received
            if r.to == seller_user.email
            and r.subject == f"Recibimos tu caso N° {second.number} · {second.subject}"
        ]
        assert "Resolución estimada" in created.body  # the estimate made it into the email


def worker_process(mail_server, *, lease_seconds: int) -> subprocess.Popen:
    """`celery -A supportcenter worker`, as in production, against the test's database,
    Redis and mail server."""
    database = connection.settings_dict
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "supportcenter.settings.base",
        "DATABASE_URL": (
            f"postgres://{credentials}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "EMAIL_URL": f"smtp://{mail_server.host}:{mail_server.port}",
        "EMAIL_TIMEOUT": "5",
        "NOTIFICATIONS_SEND_TIME_LIMIT": str(lease_seconds - 1),
        "NOTIFICATIONS_LEASE_SECONDS": str(lease_seconds),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "supportcenter",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class TestWorkerKilledMidSend:
    LEASE = 5

    @pytest.mark.parametrize(
        "server_keeps_what_it_never_acknowledged", [False, True], ids=["dropped", "kept"]
    )
    def test_its_email_is_sent_again_within_the_lease_with_the_same_message_id(
        self, settings, mail_server, server_keeps_what_it_never_acknowledged
    ):
        settings.NOTIFICATIONS_LEASE_SECONDS = self.LEASE
        mail_server.keep_unacknowledged = server_keeps_what_it_never_acknowledged
        mail_server.release.clear()  # the server holds its answer to DATA
        email = OutboundEmailFactory(
            kind=emails.TASK_OPENED, to_email="ana@tiendauno.cl", reference=""
        )
        with broker(settings.CELERY_BROKER_URL):
            with app.connection_for_write() as redis:
                redis.default_channel.queue_purge("celery")
            publish_delivery(email)
        worker = worker_process(mail_server, lease_seconds=self.LEASE)
        try:
            assert mail_server.data_arrived.wait(timeout=60), worker.stderr and worker.poll()
            assert status_of(email) == Status.SENDING
            kill(worker)  # SIGKILL while the server holds the reply: the worker never knew
        finally:
            kill(worker)
        killed_at = time.monotonic()
        mail_server.release.set()

        with worker_thread():
            sent = wait_until(lambda: status_of(email) == Status.SENT, timeout=30, tick=beat)
            took = time.monotonic() - killed_at
            beat()
            time.sleep(1)

        assert sent and took < self.LEASE + 10
        email.refresh_from_db()
        assert email.attempts == 1  # the lost send counts as an attempt
        copies = mail_server.copies()[("ana@tiendauno.cl", message_id(email.key))]
        if server_keeps_what_it_never_acknowledged:
            # The server kept a message it never acknowledged: the second copy cannot be
            # avoided by the sender, and carries the same Message-ID for the receiving
            # server to drop.
            assert copies == 2
        else:
            assert copies == 1
        assert len(mail_server.received) == copies


class TestDatabaseLostAfterTheServerAccepted:
    def test_the_send_is_recorded_on_a_new_connection_and_not_repeated(self, settings, mail_server):
        mail_server.release.clear()
        email = OutboundEmailFactory(
            kind=emails.TASK_OPENED, to_email="ana@tiendauno.cl", reference=""
        )

        with worker_thread():
            publish_delivery(email)
            assert mail_server.data_arrived.wait(timeout=30)
            with connection.cursor() as cursor:  # every other connection: the worker's
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            mail_server.release.set()  # the server accepts the email now
            sent = wait_until(lambda: status_of(email) == Status.SENT, timeout=30)
            beat(), beat()
            time.sleep(1)

        assert sent
        assert mail_server.copies() == {("ana@tiendauno.cl", message_id(email.key)): 1}

    def test_when_it_stays_unreachable_the_email_goes_again_with_the_same_message_id(
        self, settings, mail_server, monkeypatch
    ):
        # The one case at-least-once cannot avoid: the acceptance could not be written
        # down at all (here the row stays locked past every try), so the lease runs out
        # and the email is sent again. The copy has the same Message-ID.
        settings.NOTIFICATIONS_LEASE_SECONDS = 3
        monkeypatch.setattr(services, "WRITE_RETRY_DELAYS", (0.1, 0.1))
        email = OutboundEmailFactory(
            kind=emails.TASK_OPENED, to_email="ana@tiendauno.cl", reference=""
        )
        mail_server.release.clear()
        table = OutboundEmail._meta.db_table

        with short_waits(lock_timeout=0.3), worker_thread():
            publish_delivery(email)
            assert mail_server.data_arrived.wait(timeout=30)
            with lock_held(f"SELECT * FROM {table} WHERE id = %s FOR UPDATE", [email.pk]):
                mail_server.release.set()
                assert wait_until(lambda: len(mail_server.received) == 1, timeout=10)
                time.sleep(2)  # every try to write "sent" waits on the lock and gives up
            assert status_of(email) == Status.SENDING
            sent = wait_until(lambda: status_of(email) == Status.SENT, timeout=30, tick=beat)

        assert sent
        assert mail_server.copies() == {("ana@tiendauno.cl", message_id(email.key)): 2}
