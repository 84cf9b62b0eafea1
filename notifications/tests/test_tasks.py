import logging
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail

from notifications.models import OutboundEmail
from notifications.tasks import deliver_email, flush_outbox

from .factories import OutboundEmailFactory

pytestmark = pytest.mark.django_db


class TestDeliverEmail:
    def test_sends_the_email(self, kinds):
        email = OutboundEmailFactory()

        deliver_email.delay(email.pk)

        assert len(mail.outbox) == 1

    def test_asks_celery_to_retry_when_the_row_says(self, kinds, smtp_down):
        email = OutboundEmailFactory()

        with (
            mock.patch.object(deliver_email, "retry", wraps=deliver_email.retry) as retry,
            pytest.raises(Retry),  # eager mode lets the Retry through
        ):
            deliver_email.delay(email.pk)

        assert retry.call_args.kwargs["countdown"] == 60
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.PENDING and email.attempts == 1

    def test_an_email_deleted_meanwhile_is_skipped(self, caplog):
        with caplog.at_level(logging.WARNING, logger="notifications.tasks"):
            deliver_email.delay(987654)

        assert "no longer exists" in caplog.text


class TestFlushOutbox:
    def test_sends_what_is_pending(self, kinds):
        OutboundEmailFactory.create_batch(2)

        assert flush_outbox.delay().get() == 2
        assert len(mail.outbox) == 2

    def test_runs_every_minute(self, settings):
        entry = settings.CELERY_BEAT_SCHEDULE["notifications-flush-outbox"]

        assert entry == {"task": "notifications.tasks.flush_outbox", "schedule": 60.0}
