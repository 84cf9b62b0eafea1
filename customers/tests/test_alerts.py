"""Emails to the seller's users: each new request, or an hourly digest (each user's
choice), and a warning before a deadline; sent once, whatever reruns."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from cases.tests.test_faults import CLOSED_PORT, broker
from customers import emails
from customers.services import request_answer
from customers.services.alerts import digests_send, due_soon_warn, new_request_alerts_sweep
from customers.tasks import alert_new_requests_of_seller
from notifications.models import OutboundEmail
from notifications.services import preference_set

from .factories import make_integration, receive

pytestmark = pytest.mark.django_db
SANTIAGO = ZoneInfo("America/Santiago")


def at(moment):
    return time_machine.travel(moment, tick=False)


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def integration(seller):
    return make_integration(seller)[0]


class TestNewRequest:
    def test_every_user_of_the_seller_is_told_by_default(
        self,
        integration,
        seller,
        seller_user,
        seller_colleague,
        other_seller_user,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            request = receive(integration, seller, buyer_name="Juan Pérez")

        for user in (seller_user, seller_colleague):
            (email,) = sent_to(user.email)
            assert "Juan Pérez" in email.subject
            assert f"https://soporte.example.com{request.get_absolute_url()}" in email.body
        assert not sent_to(other_seller_user.email)

    def test_emails_no_task_queued_are_swept_up_once(
        self, integration, seller, seller_user, django_capture_on_commit_callbacks
    ):
        wednesday = datetime(2026, 11, 25, 10, 0, tzinfo=SANTIAGO)
        with at(wednesday):
            receive(integration, seller)  # its task never ran (the broker was down)
        assert not sent_to(seller_user.email)

        with django_capture_on_commit_callbacks(execute=True):
            with at(wednesday + timedelta(minutes=1)):
                assert new_request_alerts_sweep() == 0  # a task may still be on its way
            with at(wednesday + timedelta(minutes=3)):
                new_request_alerts_sweep()
            with at(wednesday + timedelta(minutes=4)):
                new_request_alerts_sweep()

        assert len(sent_to(seller_user.email)) == 1

    def test_a_user_who_chose_the_digest_gets_one_email_an_hour(
        self,
        integration,
        seller,
        seller_user,
        seller_colleague,
        django_capture_on_commit_callbacks,
    ):
        preference_set(user=seller_user, kind=emails.NEW_REQUEST, enabled=False)
        preference_set(user=seller_user, kind=emails.NEW_REQUESTS_DIGEST, enabled=True)
        ten = datetime(2026, 11, 25, 10, 0, tzinfo=SANTIAGO)
        with django_capture_on_commit_callbacks(execute=True):
            for minutes in (5, 40):
                with at(ten + timedelta(minutes=minutes)):
                    receive(integration, seller, buyer_name=f"Comprador {minutes}")
        assert not sent_to(seller_user.email)
        assert len(sent_to(seller_colleague.email)) == 2

        with django_capture_on_commit_callbacks(execute=True):
            with at(ten + timedelta(minutes=59)):
                digests_send()  # the hour is not over
            with at(ten + timedelta(hours=1, minutes=3)):
                digests_send()
            with at(ten + timedelta(hours=1, minutes=8)):
                digests_send()  # the next run: nothing twice
            with at(ten + timedelta(hours=3)):
                digests_send()

        (digest,) = sent_to(seller_user.email)
        assert "2 solicitudes nuevas" in digest.subject
        assert "Comprador 5" in digest.body and "Comprador 40" in digest.body
        assert len(sent_to(seller_colleague.email)) == 2  # not in the digest: not chosen

    def test_the_preferences_page_offers_both_with_the_digest_off(self, seller_client):
        page = seller_client.get(reverse("notifications:preferences")).content.decode()

        assert "Un cliente envió una solicitud nueva" in page
        assert "Solicitudes nuevas de clientes, en un resumen cada hora" in page
        assert "dirección de reenvío" not in page  # the buyer's copy is no user's choice


class TestDueSoon:
    def test_warns_once_before_the_deadline_and_again_for_a_new_deadline(
        self, integration, seller, seller_user, django_capture_on_commit_callbacks
    ):
        wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=SANTIAGO)
        with at(wednesday):
            request = receive(integration, seller, kind="post_sale")  # due 17:00
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            with at(wednesday + timedelta(hours=5)):  # 14:00: 3 h left
                due_soon_warn()
            with at(wednesday + timedelta(hours=6, minutes=5)):  # 15:05
                due_soon_warn()
            with at(wednesday + timedelta(hours=6, minutes=10)):
                due_soon_warn()

        (warning,) = sent_to(seller_user.email)
        assert "plazo está por vencer" in warning.subject

        with at(wednesday + timedelta(hours=6, minutes=20)):
            request_answer(request=request, author=seller_user, body="Hola")
        with (
            django_capture_on_commit_callbacks(execute=True),
            at(wednesday + timedelta(hours=6, minutes=30)),
        ):
            due_soon_warn()
        assert len(sent_to(seller_user.email)) == 1
        assert OutboundEmail.objects.filter(kind=emails.DUE_SOON).count() == 1

    def test_nothing_for_a_deadline_already_missed(self, integration, seller, seller_user):
        wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=SANTIAGO)
        with at(wednesday):
            receive(integration, seller, kind="post_sale")

        with at(wednesday + timedelta(hours=9)):
            assert due_soon_warn() == 0


@pytest.mark.django_db
class TestNewRequestEmailsInABurst:
    """At the API's rate a seller receives many requests a second: their emails ride on
    one task while it waits in the queue, and each still goes exactly once."""

    @pytest.fixture
    def queue(self):
        """The real broker's queue; `receive` publishes to it, and nothing consumes it."""
        redis_client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=5)
        redis_client.delete("celery")
        yield redis_client
        redis_client.delete("celery")

    @staticmethod
    def receive_one(integration, seller, capture):
        with broker(settings.CELERY_BROKER_URL), capture(execute=True):
            receive(integration, seller)

    @staticmethod
    def worker_runs(seller, capture):
        """What the worker does with the task (the emails themselves go eagerly)."""
        with capture(execute=True):
            alert_new_requests_of_seller(seller.pk)

    def test_a_burst_publishes_one_task_and_every_email_goes_once(
        self, queue, integration, seller, seller_user, django_capture_on_commit_callbacks
    ):
        capture = django_capture_on_commit_callbacks
        for _ in range(3):  # three commits, while the first task has not run yet
            self.receive_one(integration, seller, capture)

        assert queue.llen("celery") == 1
        assert not sent_to(seller_user.email)

        self.worker_runs(seller, capture)

        assert len(sent_to(seller_user.email)) == 3
        self.receive_one(integration, seller, capture)  # after the task ran: its own task
        assert queue.llen("celery") == 2
        self.worker_runs(seller, capture)
        self.worker_runs(seller, capture)  # the broker delivers it twice: no repeat
        assert len(sent_to(seller_user.email)) == 4

    def test_with_the_broker_down_the_sweep_sends_them_once(
        self, integration, seller, seller_user, django_capture_on_commit_callbacks
    ):
        wednesday = datetime(2026, 11, 25, 10, 0, tzinfo=SANTIAGO)
        with broker(CLOSED_PORT), at(wednesday):
            for _ in range(2):
                with django_capture_on_commit_callbacks(execute=True):
                    receive(integration, seller)  # publishing fails: logged, not raised
        assert not sent_to(seller_user.email)

        with django_capture_on_commit_callbacks(execute=True), at(wednesday + timedelta(minutes=3)):
            new_request_alerts_sweep()
            new_request_alerts_sweep()

        assert len(sent_to(seller_user.email)) == 2
