"""The seller's answers reach the marketplace: a signed webhook, retried with backoff, sent
once. A real HTTP server receives them (conftest.Receiver)."""

import json
import socket
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from customers.models import WebhookDelivery
from customers.services import request_answer, request_close, webhook_retry, webhooks_flush
from customers.services.webhooks import sign, signature_valid, webhook_deliver
from notifications.models import OutboundEmail

from .factories import make_integration, receive

pytestmark = pytest.mark.django_db(transaction=False)
Status = WebhookDelivery.Status


@pytest.fixture
def request_(integration, seller):
    return receive(integration, seller, body="¿Trae filtro?")


def answer(request, user, body="Sí, trae filtro permanente.", capture=None):
    return request_answer(request=request, author=user, body=body)


class TestSignedWebhook:
    def test_the_answer_reaches_the_marketplace_signed(
        self, request_, seller_user, receiver, integration, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            message = answer(request_, seller_user)

        assert len(receiver.received) == 1
        got = receiver.received[0]
        payload = json.loads(got["body"])
        assert payload["event"] == "message.created"
        assert payload["request"]["id"] == request_.external_id
        assert payload["request"]["status"] == "answered"
        assert payload["message"]["body"] == "Sí, trae filtro permanente."
        assert got["headers"]["X-Webhook-Id"] == f"message:{message.pk}:created"
        assert signature_valid(
            integration.webhook_secret, got["headers"]["X-Signature"], got["body"]
        )
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == Status.SENT and delivery.response_status == 200

    def test_the_signature_fails_for_another_secret_another_body_or_an_old_timestamp(self):
        body, now = b'{"event": "message.created"}', time.time()
        header = sign("whsec_one", body, int(now))

        assert signature_valid("whsec_one", header, body, now=now)
        assert not signature_valid("whsec_two", header, body, now=now)
        assert not signature_valid("whsec_one", header, body + b" ", now=now)
        assert not signature_valid("whsec_one", header, body, now=now + 301)
        assert not signature_valid("whsec_one", "v1=abc", body, now=now)

    def test_closing_the_request_tells_the_marketplace(
        self, request_, seller_user, receiver, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            request_close(request=request_, actor=seller_user)

        assert receiver.json()["event"] == "request.closed"
        assert receiver.json()["request"]["status"] == "closed"

    def test_without_a_webhook_address_nothing_is_queued(self, seller, seller_user):
        integration, _token = make_integration(seller, webhook_url="")
        request = receive(integration, seller)

        answer(request, seller_user)

        assert not WebhookDelivery.objects.exists()


class TestRetries:
    def test_a_server_error_is_retried_later_with_the_same_body_and_id(
        self, request_, seller_user, receiver, django_capture_on_commit_callbacks
    ):
        receiver.statuses = [503]
        with django_capture_on_commit_callbacks(execute=True):
            answer(request_, seller_user)
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == Status.PENDING and delivery.attempts == 1
        assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)

        webhooks_flush()  # not due yet
        assert len(receiver.received) == 1
        with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1)):
            webhooks_flush()

        delivery.refresh_from_db()
        assert delivery.status == Status.SENT
        first, second = receiver.received
        assert first["body"] == second["body"]
        assert first["headers"]["X-Webhook-Id"] == second["headers"]["X-Webhook-Id"]

    def test_the_wait_doubles_after_each_failure(self, request_, seller_user, receiver):
        receiver.statuses = [500, 500, 500]
        answer(request_, seller_user)
        delivery = WebhookDelivery.objects.get()
        waits = []
        for _ in range(3):
            delivery.refresh_from_db()
            with time_machine.travel(delivery.next_attempt_at, tick=False):
                start = timezone.now()
                with pytest.raises(Exception, match="retry in"):
                    webhook_deliver(delivery_id=delivery.pk)
                delivery.refresh_from_db()
                waits.append((delivery.next_attempt_at - start).total_seconds())

        assert waits == [60, 120, 240]

    def test_an_unreachable_receiver_is_retried(self, request_, seller_user, integration):
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            port = unused.getsockname()[1]
        integration.webhook_url = f"http://127.0.0.1:{port}/nobody"
        integration.save()

        answer(request_, seller_user)
        delivery = WebhookDelivery.objects.get()
        with pytest.raises(Exception, match="retry in"):
            webhook_deliver(delivery_id=delivery.pk)

        delivery.refresh_from_db()
        assert delivery.status == Status.PENDING and "Connection" in delivery.last_error

    @pytest.mark.parametrize("status", [400, 401, 404, 302])
    def test_a_refusal_or_a_redirect_fails_at_once_and_an_agent_can_retry_it(
        self, request_, seller_user, receiver, status, django_capture_on_commit_callbacks
    ):
        receiver.statuses = [status]
        with django_capture_on_commit_callbacks(execute=True):
            answer(request_, seller_user)
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == Status.FAILED and delivery.response_status == status

        with django_capture_on_commit_callbacks(execute=True):
            webhook_retry(delivery_id=delivery.pk)

        delivery.refresh_from_db()
        assert delivery.status == Status.SENT
        assert len(receiver.received) == 2

    def test_after_the_last_attempt_it_fails(self, request_, seller_user, receiver, settings):
        settings.CUSTOMERS_WEBHOOK_MAX_ATTEMPTS = 2
        receiver.statuses = [500, 500]
        answer(request_, seller_user)
        delivery = WebhookDelivery.objects.get()
        with pytest.raises(Exception, match="retry in"):
            webhook_deliver(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        with time_machine.travel(delivery.next_attempt_at):
            webhook_deliver(delivery_id=delivery.pk)

        delivery.refresh_from_db()
        assert delivery.status == Status.FAILED and delivery.attempts == 2


class TestNoDoubleDelivery:
    def test_a_task_run_twice_sends_once(
        self, request_, seller_user, receiver, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            answer(request_, seller_user)
        delivery = WebhookDelivery.objects.get()

        webhook_deliver(delivery_id=delivery.pk)
        webhooks_flush()

        assert len(receiver.received) == 1

    def test_queueing_the_same_key_twice_queues_one(self, request_, integration):
        from customers.services.webhooks import webhook_enqueue

        first = webhook_enqueue(integration=integration, key="k:1", event="e", payload={})
        second = webhook_enqueue(integration=integration, key="k:1", event="e", payload={"x": 1})

        assert first == second and WebhookDelivery.objects.count() == 1

    def test_one_left_sending_by_a_dead_worker_is_sent_by_the_flush(
        self, request_, seller_user, receiver, settings
    ):
        answer(request_, seller_user)  # no on-commit here: the worker never ran it
        WebhookDelivery.objects.update(status=Status.SENDING, updated_at=timezone.now())

        with time_machine.travel(timezone.now() + timedelta(seconds=901)):
            webhooks_flush()

        assert len(receiver.received) == 1
        assert WebhookDelivery.objects.get().status == Status.SENT


class TestEmailToTheBuyer:
    def test_the_answer_goes_to_the_relay_address_when_the_integration_says_so(
        self, seller, seller_user, django_capture_on_commit_callbacks
    ):
        integration, _token = make_integration(seller, email_buyer=True)
        request = receive(integration, seller, buyer_email="juan.77@relay.marketplace.example")
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            answer(request, seller_user, body="Sí, lo enviamos hoy.")

        sent = [m for m in mail.outbox if m.to == ["juan.77@relay.marketplace.example"]]
        assert len(sent) == 1 and "Sí, lo enviamos hoy." in sent[0].body
        assert (
            OutboundEmail.objects.filter(to_email="juan.77@relay.marketplace.example").count() == 1
        )

    def test_otherwise_the_buyer_gets_no_email(self, request_, seller_user):
        answer(request_, seller_user)

        assert not OutboundEmail.objects.filter(to_email=request_.buyer_email).exists()
