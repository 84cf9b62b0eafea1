import logging
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.models import NotificationPreference, OutboundEmail
from notifications.registry import EmailKind, register_kind
from notifications.selectors import user_wants
from notifications.services import (
    email_deliver,
    message_id,
    outbox_flush,
    preference_set,
    preferences_update,
)

from .factories import MANDATORY_KIND, OPTIONAL_KIND, OutboundEmailFactory

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


class Rollback(Exception):
    pass


class TestEmailEnqueue:
    def test_queues_the_email_and_sends_it_only_after_the_commit(
        self, enqueue, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            email = enqueue(key="case:42:update:1")
            assert email.status == Status.PENDING
            assert mail.outbox == []

        assert len(mail.outbox) == 1
        email.refresh_from_db()
        assert email.status == Status.SENT and email.sent_at is not None

    def test_the_same_key_twice_creates_and_sends_nothing_more(
        self, enqueue, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            first = enqueue(key="case:42:update:1")
            second = enqueue(key="case:42:update:1", subject="Another subject")

        assert second.pk == first.pk and second.subject == first.subject
        assert len(callbacks) == 1
        assert OutboundEmail.objects.count() == 1
        assert len(mail.outbox) == 1

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert enqueue(key="case:42:update:1").status == Status.SENT

        assert callbacks == []
        assert len(mail.outbox) == 1

    def test_a_rolled_back_transaction_queues_and_sends_nothing(
        self, enqueue, django_capture_on_commit_callbacks
    ):
        def the_callers_work_fails():
            with transaction.atomic():
                enqueue()
                raise Rollback

        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(Rollback),
        ):
            the_callers_work_fails()

        assert callbacks == []
        assert OutboundEmail.objects.count() == 0
        assert mail.outbox == []

    def test_losing_the_race_for_a_key_returns_the_winners_email(self, enqueue):
        winner = OutboundEmailFactory(key="case:42:update:1", subject="The winner")
        real_filter = OutboundEmail.objects.filter
        first_read = [True]

        def committed_after_our_first_read(*args, **kwargs):
            if first_read:
                first_read.pop()
                return OutboundEmail.objects.none()
            return real_filter(*args, **kwargs)

        with mock.patch.object(
            OutboundEmail.objects, "filter", side_effect=committed_after_our_first_read
        ):
            email = enqueue(key="case:42:update:1")

        assert email.pk == winner.pk
        assert OutboundEmail.objects.count() == 1

    def test_keeps_the_subject_on_one_line_and_within_the_column(self, enqueue):
        email = enqueue(subject="Your case\nwas   updated " + "x" * 300)

        assert "\n" not in email.subject
        assert email.subject.startswith("Your case was updated x")
        assert len(email.subject) == 255

    def test_an_unregistered_kind_is_a_programming_error(self, enqueue):
        with pytest.raises(LookupError, match="typo_kind"):
            enqueue(kind="typo_kind")


class TestEmailDeliver:
    def test_sends_exactly_once_even_if_asked_twice(self, kinds):
        email = OutboundEmailFactory()

        email_deliver(email_id=email.pk)
        again = email_deliver(email_id=email.pk)

        assert len(mail.outbox) == 1
        assert again.status == Status.SENT and again.attempts == 0

    def test_sends_the_text_with_the_html_alternative_and_a_stable_message_id(self, kinds):
        email = OutboundEmailFactory(body_html="<p>Your case was updated.</p>")

        email_deliver(email_id=email.pk)

        (message,) = mail.outbox
        assert message.to == [email.to_email]
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert message.subject == email.subject
        assert message.body == email.body_text
        assert [tuple(a) for a in message.alternatives] == [
            ("<p>Your case was updated.</p>", "text/html")
        ]
        assert message.message()["Message-ID"] == message_id(email.key)
        assert message.message()["Auto-Submitted"] == "auto-generated"

    def test_a_text_only_email_has_no_html_part(self, kinds):
        email_deliver(email_id=OutboundEmailFactory(body_html="").pk)

        assert mail.outbox[0].alternatives == []

    def test_the_message_id_depends_only_on_the_key(self):
        assert message_id("case:1:a") == message_id("case:1:a")
        assert message_id("case:1:a") != message_id("case:1:b")
        assert message_id("case:1:a").endswith("@example.com>")

    @pytest.mark.parametrize("status", [Status.SENDING, Status.SENT, Status.FAILED])
    def test_leaves_alone_an_email_that_is_not_pending(self, kinds, status):
        email = OutboundEmailFactory(status=status, sent_at="2026-01-05T10:00:00Z")

        assert email_deliver(email_id=email.pk).status == status
        assert mail.outbox == []

    def test_leaves_alone_an_email_whose_retry_is_not_due_yet(self, kinds):
        email = OutboundEmailFactory(next_attempt_at="2999-01-01T00:00:00Z")

        assert email_deliver(email_id=email.pk).status == Status.PENDING
        assert mail.outbox == []


class TestOnSentHook:
    def test_is_called_once_with_the_sent_email(self, kinds):
        email = OutboundEmailFactory(kind=kinds.hooked.key)

        email_deliver(email_id=email.pk)
        email_deliver(email_id=email.pk)

        assert kinds.sent == [(email.pk, Status.SENT)]

    def test_a_failing_hook_does_not_make_the_email_go_out_twice(self, kinds, caplog):
        def broken_hook(email):
            NotificationPreference.objects.create(user_id=None, kind="x")  # IntegrityError

        register_kind(EmailKind(key=kinds.hooked.key, label="Hooked", on_sent=broken_hook))
        email = OutboundEmailFactory(kind=kinds.hooked.key)

        with caplog.at_level(logging.ERROR, logger="notifications.services"):
            email_deliver(email_id=email.pk)
        outbox_flush()

        email.refresh_from_db()
        assert email.status == Status.SENT
        assert len(mail.outbox) == 1
        assert "on_sent hook" in caplog.text


class TestPreferences:
    def test_an_optional_kind_switched_off_is_not_queued(self, enqueue, seller_user):
        preference_set(user=seller_user, kind=OPTIONAL_KIND, enabled=False)

        assert enqueue(user=seller_user) is None
        assert OutboundEmail.objects.count() == 0

    def test_switched_back_on_it_is_queued_again(self, enqueue, seller_user):
        preference_set(user=seller_user, kind=OPTIONAL_KIND, enabled=False)
        preference_set(user=seller_user, kind=OPTIONAL_KIND, enabled=True)

        assert enqueue(user=seller_user) is not None
        assert NotificationPreference.objects.get(user=seller_user).enabled is True

    def test_a_mandatory_kind_is_sent_whatever_the_preferences_say(
        self, enqueue, seller_user, django_capture_on_commit_callbacks
    ):
        NotificationPreference.objects.create(user=seller_user, kind=MANDATORY_KIND, enabled=False)

        with django_capture_on_commit_callbacks(execute=True):
            email = enqueue(user=seller_user, kind=MANDATORY_KIND)

        assert email is not None
        assert len(mail.outbox) == 1

    def test_a_mandatory_kind_cannot_be_switched_off(self, kinds, seller_user):
        with pytest.raises(ValidationError) as error:
            preference_set(user=seller_user, kind=MANDATORY_KIND, enabled=False)

        assert error.value.code == "mandatory"
        assert user_wants(seller_user, MANDATORY_KIND)

    def test_without_a_user_preferences_do_not_apply(self, enqueue, seller_user):
        preference_set(user=seller_user, kind=OPTIONAL_KIND, enabled=False)

        assert enqueue(to_email=seller_user.email) is not None

    def test_saving_the_page_skips_mandatory_kinds(self, kinds, seller_user):
        preferences_update(user=seller_user, wanted={OPTIONAL_KIND: False, MANDATORY_KIND: False})

        assert not user_wants(seller_user, OPTIONAL_KIND)
        assert user_wants(seller_user, MANDATORY_KIND)
        assert not NotificationPreference.objects.filter(kind=MANDATORY_KIND).exists()


class TestHeldEmails:
    """An email that waits for news (a case's estimate) at most until a given time."""

    def test_waits_until_its_time_and_then_the_flush_sends_it(
        self, enqueue, django_capture_on_commit_callbacks
    ):
        later = timezone.now() + timedelta(minutes=2)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            email = enqueue(hold_until=later)

        assert callbacks == []
        assert (email.status, email.next_attempt_at) == (Status.PENDING, later)
        assert outbox_flush() == 0
        assert email_deliver(email_id=email.pk).status == Status.PENDING

        with time_machine.travel(later, tick=True):
            assert outbox_flush() == 1
        email.refresh_from_db()
        assert email.status == Status.SENT
        assert [m.body for m in mail.outbox] == [email.body_text]

    def test_revised_before_its_time_it_goes_out_now_with_the_new_content(
        self, enqueue, django_capture_on_commit_callbacks
    ):
        email = enqueue(hold_until=timezone.now() + timedelta(minutes=2), body_text="Sin fecha")

        with django_capture_on_commit_callbacks(execute=True):
            revised = enqueue(key=email.key, body_text="Fecha: 12-12-2026", revise_unsent=True)

        revised.refresh_from_db()
        assert revised.pk == email.pk and revised.status == Status.SENT
        assert [m.body for m in mail.outbox] == ["Fecha: 12-12-2026"]

    @pytest.mark.parametrize("status", [Status.SENDING, Status.SENT, Status.FAILED])
    def test_an_email_already_tried_is_never_revised_nor_sent_again(
        self, kinds, enqueue, status, django_capture_on_commit_callbacks
    ):
        email = OutboundEmailFactory(status=status, sent_at=timezone.now(), body_text="Sin fecha")

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            enqueue(key=email.key, body_text="Fecha: 12-12-2026", revise_unsent=True)

        email.refresh_from_db()
        assert (email.status, email.body_text) == (status, "Sin fecha")
        assert callbacks == [] and mail.outbox == []

    def test_revising_a_key_never_queued_queues_it(
        self, enqueue, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            email = enqueue(body_text="Fecha: 12-12-2026", revise_unsent=True)

        email.refresh_from_db()
        assert email.status == Status.SENT
        assert [m.body for m in mail.outbox] == ["Fecha: 12-12-2026"]
