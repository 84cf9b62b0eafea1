"""Replies by email through the IMAP mailbox (a real Dovecot) and through a real Celery
worker on Redis: the beat's task polls, the worker processes, the case is answered. The
same message delivered by IMAP and by the webhook makes one answer."""

import time

import celery.contrib.testing.tasks  # noqa: F401  (registers the ping task start_worker uses)
import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from cases.models import Comment, EventKind, PendingTask, TaskStatus
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, create_case
from notifications.inbound.imap import mailbox_poll
from notifications.inbound.tasks import poll_inbound_mailbox
from notifications.inbound.tokens import reply_address
from notifications.models import InboundEmail
from notifications.tests.inbound import load_eml
from supportcenter.celery import app


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db
class TestTheSameReplyByImapAndByTheWebhook:
    def test_makes_one_answer(
        self, imap_server, seller_user, agent, client, settings, django_capture_on_commit_callbacks
    ):
        case = create_case(seller_user, cause=CauseFactory())
        task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        raw = load_eml("gmail_es.eml", reply_address(f"case:{case.pk}", "ana@tiendauno.cl"))
        imap_server.deliver(raw)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/correo/entrante/",
                data=raw,
                content_type="message/rfc822",
                headers={"X-Inbound-Secret": settings.INBOUND_EMAIL_SECRET},
            )
            polled = mailbox_poll()

        assert (response.status_code, polled) == (202, 0)
        assert case.events.filter(kind=EventKind.TASK_ANSWERED).count() == 1
        assert not Comment.objects.filter(case=case).exists()
        assert InboundEmail.objects.get().channel == InboundEmail.Channel.WEBHOOK
        assert imap_server.messages("INBOX") == []  # taken out of the inbox all the same


@pytest.fixture
def live_worker(settings):
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.CELERY_BROKER_URL
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("celery")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        app.conf.task_always_eager = True


@pytest.mark.celery_integration
@pytest.mark.django_db(transaction=True)
class TestThroughRedisAndAWorker:
    def test_the_beat_task_polls_and_the_worker_answers_the_task(
        self, imap_server, live_worker, seller_user, agent
    ):
        case = create_case(seller_user, cause=CauseFactory())
        task = task_open(case=case, requested_by=agent, request_text="Adjunta la foto.")
        imap_server.deliver(
            load_eml("files_only.eml", reply_address(f"case:{case.pk}", "ana@tiendauno.cl"))
        )

        poll_inbound_mailbox.delay()

        assert wait_for(lambda: PendingTask.objects.get(pk=task.pk).status == TaskStatus.ANSWERED)
        case.refresh_from_db()
        assert case.status == CaseStatus.IN_PROGRESS
        assert InboundEmail.objects.get().status == InboundEmail.Status.ACCEPTED
        assert wait_for(lambda: imap_server.messages("INBOX") == [])
        assert not [m for m in mail.outbox if "No pudimos" in m.subject]
