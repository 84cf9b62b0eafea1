"""The webhook of providers that push mail, and the inbox's processing, with a handler of
this test's own ("thing:<id>"): notifications knows no cases."""

from datetime import timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import mail

from notifications.inbound import views
from notifications.inbound.processing import inbound_process, inbound_sweep
from notifications.inbound.receiving import inbound_receive
from notifications.inbound.registry import (
    ReplyRefused,
    register_reply_handler,
    unregister_reply_handler,
)
from notifications.inbound.tokens import reply_address
from notifications.models import InboundEmail

from .inbound import load_eml, with_message_id

pytestmark = pytest.mark.django_db
URL = "/correo/entrante/"
Status = InboundEmail.Status


@pytest.fixture
def handled():
    """The replies our handler received; it refuses "thing:13"."""
    replies = []

    def handler(reply):
        if reply.reference_id == 13:
            raise ReplyRefused(InboundEmail.Reason.CLOSED, "La cosa 13 está cerrada.")
        replies.append(reply)
        return f"note:{len(replies)}"

    register_reply_handler("thing", handler)
    yield replies
    unregister_reply_handler("thing")


@pytest.fixture
def post(client, settings, django_capture_on_commit_callbacks):
    settings.INBOUND_EMAIL_SECRET = "s3cret-for-the-tests-0123456789abcdef"

    def post(raw, *, secret=settings.INBOUND_EMAIL_SECRET, content_type="message/rfc822"):
        headers = {} if secret is None else {"X-Inbound-Secret": secret}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(URL, data=raw, content_type=content_type, headers=headers)

    return post


class TestTheSecret:
    @pytest.mark.parametrize("secret", [None, "", "wrong", "s3cret-for-the-tests"])
    def test_anything_without_the_right_secret_is_refused_without_detail(
        self, post, handled, secret
    ):
        response = post(load_eml("gmail_es.eml"), secret=secret)

        assert response.status_code == HTTPStatus.FORBIDDEN
        assert response.content == b""
        assert not InboundEmail.objects.exists()

    def test_is_compared_in_constant_time(self, post, handled):
        with mock.patch.object(views.hmac, "compare_digest", return_value=False) as compare:
            post(load_eml("gmail_es.eml"), secret="wrong")
        compare.assert_called_once_with(b"wrong", b"s3cret-for-the-tests-0123456789abcdef")

    def test_no_secret_set_turns_the_webhook_off(self, post, settings, handled):
        settings.INBOUND_EMAIL_SECRET = ""
        assert post(load_eml("gmail_es.eml"), secret="").status_code == HTTPStatus.FORBIDDEN

    def test_only_post(self, client):
        assert client.get(URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED


class TestTheBody:
    def test_must_be_a_raw_message(self, post, handled):
        response = post(b'{"from": "x"}', content_type="application/json")
        assert response.status_code == HTTPStatus.UNSUPPORTED_MEDIA_TYPE

    def test_a_message_over_the_limit_is_refused(self, post, settings, handled):
        settings.INBOUND_EMAIL_MAX_BYTES = 1000
        response = post(load_eml("thunderbird_es.eml"))
        assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        assert not InboundEmail.objects.exists()

    def test_larger_than_djangos_form_limit_is_fine(self, post, settings, handled):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
        assert post(load_eml("gmail_es.eml")).status_code == HTTPStatus.ACCEPTED


class TestProcessing:
    def test_a_reply_reaches_the_handler_verified_and_parsed(self, post, handled):
        raw = load_eml("gmail_es.eml", reply_address("thing:7", "ana@tiendauno.cl"))

        response = post(raw)

        assert response.status_code == HTTPStatus.ACCEPTED
        [reply] = handled
        assert (reply.reference, reply.reference_id) == ("thing:7", 7)
        assert reply.from_address == "ana@tiendauno.cl"
        assert reply.text.startswith("Hola, el depósito no aparece")
        inbound = InboundEmail.objects.get()
        assert (inbound.status, inbound.result, inbound.channel) == (
            Status.ACCEPTED,
            "note:1",
            InboundEmail.Channel.WEBHOOK,
        )
        assert bytes(inbound.raw) == raw
        assert inbound.message_id == "<CAF3xK9u2Bw+gmail-es-1@mail.gmail.com>"

    def test_a_message_delivered_twice_is_processed_once(self, post, handled):
        raw = load_eml("gmail_es.eml", reply_address("thing:7", "ana@tiendauno.cl"))
        assert post(raw).status_code == HTTPStatus.ACCEPTED
        assert post(raw).status_code == HTTPStatus.OK
        inbound, created = inbound_receive(raw=raw, channel=InboundEmail.Channel.IMAP)
        assert not created
        inbound_process(inbound_id=inbound.pk)
        assert len(handled) == 1
        assert InboundEmail.objects.count() == 1

    def test_a_refusal_is_recorded_and_answered_politely(self, post, handled):
        raw = load_eml("gmail_es.eml", reply_address("thing:13", "ana@tiendauno.cl"))
        post(raw)

        inbound = InboundEmail.objects.get()
        assert (inbound.status, inbound.reason) == (Status.REFUSED, InboundEmail.Reason.CLOSED)
        [answer] = mail.outbox
        assert answer.to == ["ana@tiendauno.cl"]
        assert "La cosa 13 está cerrada." in answer.body
        assert inbound.refusal_email.to_email == "ana@tiendauno.cl"

    def test_mail_that_answers_none_of_ours_is_kept_but_never_answered(self, post, handled):
        post(load_eml("gmail_es.eml", "soporte@example.com"))

        inbound = InboundEmail.objects.get()
        assert (inbound.status, inbound.reason) == (Status.IGNORED, InboundEmail.Reason.NO_TOKEN)
        assert mail.outbox == []

    def test_a_reference_nobody_handles_is_an_invalid_address(self, post, handled):
        post(load_eml("gmail_es.eml", reply_address("gadget:7", "ana@tiendauno.cl")))
        assert InboundEmail.objects.get().reason == InboundEmail.Reason.INVALID_TOKEN

    def test_never_answers_our_own_addresses(self, post, handled, settings):
        raw = load_eml("forged_token.eml").replace(b"ana@tiendauno.cl", b"soporte@example.com")
        post(raw)
        assert InboundEmail.objects.get().status == Status.REFUSED
        assert mail.outbox == []

    def test_a_handler_that_fails_leaves_the_message_failed_and_nothing_half_done(
        self, post, handled
    ):
        def broken(reply):
            InboundEmail.objects.update(subject="half-written")
            raise RuntimeError("database went away")

        register_reply_handler("thing", broken)
        post(load_eml("gmail_es.eml", reply_address("thing:7", "ana@tiendauno.cl")))

        inbound = InboundEmail.objects.get()
        assert inbound.status == Status.FAILED
        assert "database went away" in inbound.detail
        assert inbound.subject != "half-written"

    def test_the_sweep_processes_what_the_broker_never_got(self, post, handled):
        raw = load_eml("gmail_es.eml", reply_address("thing:7", "ana@tiendauno.cl"))
        with mock.patch("notifications.inbound.tasks.process_inbound_email.delay") as delay:
            delay.side_effect = ConnectionError("broker down")
            assert post(raw).status_code == HTTPStatus.ACCEPTED  # stored all the same
        inbound = InboundEmail.objects.get()
        assert inbound.status == Status.RECEIVED

        assert inbound_sweep(now=inbound.received_at) == 0  # not before a minute
        assert inbound_sweep(now=inbound.received_at + timedelta(minutes=1)) == 1
        assert InboundEmail.objects.get().status == Status.ACCEPTED
        assert len(handled) == 1

    def test_two_messages_are_two_rows(self, post, handled):
        raw = load_eml("gmail_es.eml", reply_address("thing:7", "ana@tiendauno.cl"))
        post(raw)
        post(with_message_id(raw, "<other@x.cl>"))
        assert len(handled) == 2
