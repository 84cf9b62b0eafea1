"""End to end through a real Redis broker and a real Celery worker (no eager mode)."""

import time

import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task start_worker uses)
import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from cases.models import Case, EventKind
from cases.tests.factories import CauseFactory, create_case
from notifications.models import OutboundEmail
from supportcenter.celery import app

pytestmark = [pytest.mark.celery_integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_worker(settings):
    """A worker thread consuming from Redis; tasks published by the app really travel."""
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.CELERY_BROKER_URL
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    try:
        # No ping check: it needs a result backend, and results are ignored here.
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        app.conf.task_always_eager = True


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


class TestThroughRedisAndAWorker:
    def test_an_agent_asks_for_information_and_the_seller_gets_the_email(
        self, live_worker, client, agent, seller_user
    ):
        case = create_case(seller_user, cause=CauseFactory())
        assert wait_for(lambda: Case.objects.get(pk=case.pk).eta_due_at is not None)
        client.force_login(agent)

        response = client.post(
            reverse("admin:cases_case_request_information", args=[case.pk]),
            {"body": "Envía la cartola bancaria de octubre"},
        )

        assert response.status_code == 302
        assert wait_for(
            lambda: any(
                "Necesitamos información" in m.subject and m.to == [seller_user.email]
                for m in mail.outbox
            )
        ), [m.subject for m in mail.outbox]
        message = next(m for m in mail.outbox if "Necesitamos información" in m.subject)
        assert "Envía la cartola bancaria de octubre" in message.body
        assert f"/soporte/casos/{case.number}/#tarea-" in message.body
        assert wait_for(lambda: case.events.filter(kind=EventKind.NOTIFICATION_SENT).count() >= 2)
        # The seller's other recipients are sent by the worker too (on a busy machine,
        # a moment later).
        assert wait_for(lambda: not OutboundEmail.objects.exclude(status="sent").exists()), list(
            OutboundEmail.objects.values_list("to", "status")
        )
