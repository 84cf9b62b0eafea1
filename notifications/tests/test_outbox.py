"""When things go wrong: the mail server fails, the broker is down, a worker dies."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import services
from notifications.models import NotificationPreference, OutboundEmail
from notifications.services import (
    EmailSendDeferred,
    email_deliver,
    email_retry,
    outbox_flush,
    preference_set,
    retry_delay,
)
from notifications.tasks import deliver_email

from .factories import OPTIONAL_KIND, OutboundEmailFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def time_passes(email: OutboundEmail) -> None:
    """The retry delay is over."""
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())


def broker_down():
    return mock.patch.object(
        deliver_email,
        "delay",
        side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    )


class TestWhenTheMailServerFails:
    def test_the_email_waits_longer_after_each_failure_and_counts_attempts(self, kinds, smtp_down):
        email = OutboundEmailFactory()

        with pytest.raises(EmailSendDeferred) as first:
            email_deliver(email_id=email.pk)

        email.refresh_from_db()
        assert email.status == Status.PENDING and email.attempts == 1
        assert "SMTPServerDisconnected" in email.last_error
        assert first.value.retry_in == 60
        wait = email.next_attempt_at - timezone.now()
        assert timedelta(seconds=55) < wait <= timedelta(seconds=60)

        time_passes(email)
        with pytest.raises(EmailSendDeferred) as second:
            email_deliver(email_id=email.pk)

        email.refresh_from_db()
        assert email.attempts == 2 and second.value.retry_in == 120
        assert mail.outbox == []

    def test_the_delay_doubles_up_to_one_hour(self, settings):
        settings.NOTIFICATIONS_RETRY_BACKOFF_SECONDS = 60

        assert [retry_delay(n) for n in range(1, 9)] == [
            60,
            120,
            240,
            480,
            960,
            1920,
            3600,
            3600,
        ]

    def test_after_the_last_attempt_it_fails_and_an_agent_retry_sends_it_once(
        self, kinds, smtp_down, settings, django_capture_on_commit_callbacks
    ):
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
        email = OutboundEmailFactory()
        for _attempt in range(2):
            with pytest.raises(EmailSendDeferred):
                email_deliver(email_id=email.pk)
            time_passes(email)

        email = email_deliver(email_id=email.pk)

        assert email.status == Status.FAILED and email.attempts == 3
        assert outbox_flush() == 0

        smtp_down.error = None
        with django_capture_on_commit_callbacks(execute=True):
            email_retry(email_id=email.pk)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            email_retry(email_id=email.pk)

        email.refresh_from_db()
        assert email.status == Status.SENT
        assert callbacks == []
        assert len(mail.outbox) == 1

    def test_an_error_retrying_cannot_fix_fails_at_once(self, kinds, smtp):
        smtp.error = ValueError("Header values may not contain linefeed")
        email = OutboundEmailFactory()

        with pytest.raises(ValueError, match="linefeed"):
            email_deliver(email_id=email.pk)

        email.refresh_from_db()
        assert email.status == Status.FAILED and email.attempts == 1
        assert "ValueError" in email.last_error

    def test_through_the_task_the_caller_never_sees_the_failure(
        self, enqueue, smtp_down, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            email = enqueue()

        email.refresh_from_db()
        assert email.status == Status.PENDING and email.attempts == 1

        smtp_down.error = None
        time_passes(email)
        assert outbox_flush() == 1

        email.refresh_from_db()
        assert email.status == Status.SENT
        assert len(mail.outbox) == 1


class TestWhenTheBrokerIsDown:
    def test_the_callers_work_commits_and_the_flush_sends_the_email_once(
        self, enqueue, seller_user, caplog, django_capture_on_commit_callbacks
    ):
        with (
            broker_down(),
            caplog.at_level(logging.WARNING, logger="notifications.services"),
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            transaction.atomic(),
        ):
            preference_set(user=seller_user, kind=OPTIONAL_KIND, enabled=True)
            email = enqueue(user=seller_user)

        assert len(callbacks) == 1
        assert NotificationPreference.objects.filter(user=seller_user).exists()
        email.refresh_from_db()
        assert email.status == Status.PENDING
        assert mail.outbox == []
        assert "the outbox flush will send it" in caplog.text

        assert outbox_flush() == 1
        assert outbox_flush() == 0
        assert len(mail.outbox) == 1

    def test_the_flush_stops_at_the_first_publish_failure(self, kinds):
        OutboundEmailFactory.create_batch(3)

        with broker_down() as delay:
            assert outbox_flush() == 0

        assert delay.call_count == 1
        assert OutboundEmail.objects.filter(status=Status.PENDING).count() == 3


class TestOutboxFlush:
    def test_sends_the_due_emails_oldest_first_up_to_the_limit(self, kinds):
        now = timezone.now()
        emails = [
            OutboundEmailFactory(next_attempt_at=now - timedelta(minutes=minutes))
            for minutes in (1, 3, 2)
        ]

        assert outbox_flush(limit=2) == 2

        assert {m.to[0] for m in mail.outbox} == {emails[1].to_email, emails[2].to_email}

    def test_leaves_emails_whose_retry_is_not_due(self, kinds):
        OutboundEmailFactory(next_attempt_at=timezone.now() + timedelta(minutes=5))

        assert outbox_flush() == 0
        assert mail.outbox == []

    def test_sends_an_email_left_sending_by_a_dead_worker_once_its_lease_ran_out(self, kinds):
        email = OutboundEmailFactory(status=Status.SENDING)
        OutboundEmail.objects.filter(pk=email.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )

        assert outbox_flush() == 1

        email.refresh_from_db()
        assert email.status == Status.SENT and email.attempts == 1
        assert email.lease_until is None
        assert len(mail.outbox) == 1

    def test_leaves_an_email_that_is_being_sent_right_now(self, kinds):
        email = OutboundEmailFactory(status=Status.SENDING)
        OutboundEmail.objects.filter(pk=email.pk).update(
            lease_until=timezone.now() + timedelta(seconds=5)
        )

        assert outbox_flush() == 0
        assert email_deliver(email_id=email.pk).status == Status.SENDING  # a redelivered task

        email.refresh_from_db()
        assert email.status == Status.SENDING
        assert mail.outbox == []

    def test_the_lease_outlasts_the_send_time_limit_and_is_a_couple_of_minutes(self, settings):
        from notifications.tasks import deliver_email

        lease = timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
        assert deliver_email.time_limit == settings.NOTIFICATIONS_SEND_TIME_LIMIT
        assert timedelta(seconds=deliver_email.time_limit) < lease <= timedelta(minutes=2)
        assert settings.EMAIL_TIMEOUT < deliver_email.soft_time_limit < deliver_email.time_limit

    def test_a_claimed_email_is_held_for_the_lease(self, kinds, settings, smtp_down):
        settings.NOTIFICATIONS_LEASE_SECONDS = 90
        email = OutboundEmailFactory()
        seen = []
        real_send = services._send

        def send(email):
            seen.append(OutboundEmail.objects.values_list("status", "lease_until").get(pk=email.pk))
            return real_send(email)

        with mock.patch.object(services, "_send", send), pytest.raises(EmailSendDeferred):
            email_deliver(email_id=email.pk)

        [(status, lease_until)] = seen
        assert status == Status.SENDING
        assert timedelta(seconds=85) < lease_until - timezone.now() <= timedelta(seconds=90)
        email.refresh_from_db()
        assert email.lease_until is None  # released with the failure

    def test_celery_redelivering_a_dead_workers_task_sends_it_once_its_lease_ran_out(self, kinds):
        email = OutboundEmailFactory(status=Status.SENDING, attempts=1)
        OutboundEmail.objects.filter(pk=email.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )

        email = email_deliver(email_id=email.pk)

        assert email.status == Status.SENT and email.attempts == 2
        assert len(mail.outbox) == 1
        assert email_deliver(email_id=email.pk).status == Status.SENT
        assert len(mail.outbox) == 1

    def test_an_email_that_keeps_stopping_workers_ends_failed(self, kinds, settings):
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
        email = OutboundEmailFactory(status=Status.SENDING, attempts=2)
        OutboundEmail.objects.filter(pk=email.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )

        assert outbox_flush() == 0

        email.refresh_from_db()
        assert email.status == Status.FAILED and email.attempts == 3
        assert "did not finish" in email.last_error
