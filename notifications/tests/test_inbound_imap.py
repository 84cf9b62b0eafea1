"""IMAP polling against a real Dovecot (conftest `imap_server`)."""

import pytest

from notifications.inbound.imap import (
    PROCESSED_KEYWORD,
    TOO_LARGE_KEYWORD,
    MailboxConfig,
    MailboxError,
    mailbox_poll,
)
from notifications.inbound.registry import register_reply_handler, unregister_reply_handler
from notifications.inbound.tokens import reply_address
from notifications.models import InboundEmail
from supportcenter.celery import app

from .inbound import load_eml, with_message_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled():
    replies = []
    register_reply_handler("thing", lambda reply: replies.append(reply) or f"note:{len(replies)}")
    yield replies
    unregister_reply_handler("thing")


@pytest.fixture
def poll(django_capture_on_commit_callbacks):
    def poll(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return mailbox_poll(**kwargs)

    return poll


def reply(n: int = 1) -> bytes:
    raw = load_eml("gmail_es.eml", reply_address("thing:7", "ana@tiendauno.cl"))
    return with_message_id(raw, f"<imap-{n}@tiendauno.cl>")


class TestPolling:
    def test_new_messages_are_stored_processed_and_moved_out_of_the_inbox(
        self, imap_server, handled, poll
    ):
        imap_server.deliver(reply(1))
        imap_server.deliver(reply(2))

        assert poll() == 2

        assert [r.text for r in handled] == [handled[0].text] * 2
        assert handled[0].text.startswith("Hola, el depósito no aparece")
        assert set(InboundEmail.objects.values_list("channel", "status")) == {
            (InboundEmail.Channel.IMAP, InboundEmail.Status.ACCEPTED)
        }
        assert imap_server.messages("INBOX") == []
        moved = imap_server.messages("Procesados")
        assert [header for _flags, header in moved] == [
            b"Message-ID: <imap-1@tiendauno.cl>",
            b"Message-ID: <imap-2@tiendauno.cl>",
        ]
        assert all(b"\\Seen" in flags and PROCESSED_KEYWORD.encode() in flags for flags, _ in moved)

    def test_a_second_poll_takes_nothing_again(self, imap_server, handled, poll):
        imap_server.deliver(reply(1))
        poll()
        imap_server.deliver(reply(2))

        assert poll() == 1
        assert poll() == 0
        assert len(handled) == 2

    def test_without_a_folder_messages_stay_flagged_and_are_not_taken_again(
        self, imap_server, handled, poll, settings
    ):
        settings.INBOUND_EMAIL_PROCESSED_FOLDER = ""
        imap_server.deliver(reply(1))

        assert poll() == 1
        assert poll() == 0
        [(flags, _header)] = imap_server.messages("INBOX")
        assert PROCESSED_KEYWORD.encode() in flags
        assert len(handled) == 1

    def test_a_message_stored_but_not_marked_is_recognised_by_its_message_id(
        self, imap_server, handled, poll, settings
    ):
        # A poll that died after storing the message, before marking it in the mailbox.
        imap_server.deliver(reply(1))
        poll()
        imap_server.deliver(reply(1))

        assert poll() == 0
        assert len(handled) == 1
        assert InboundEmail.objects.count() == 1
        assert imap_server.messages("INBOX") == []

    def test_a_message_over_the_limit_stays_in_the_mailbox(
        self, imap_server, handled, poll, settings
    ):
        settings.INBOUND_EMAIL_MAX_BYTES = 500
        imap_server.deliver(reply(1))

        assert poll() == 0
        [(flags, _header)] = imap_server.messages("INBOX")
        assert TOO_LARGE_KEYWORD.encode() in flags
        assert not InboundEmail.objects.exists()
        assert poll() == 0

    def test_nothing_configured_polls_nothing(self, settings, poll):
        settings.INBOUND_EMAIL_URL = ""
        assert poll() == 0


class TestTheMailboxUrl:
    def test_reads_tls_user_password_and_folder(self):
        config = MailboxConfig.from_url("imaps://soporte%40x.cl:p%40ss%2Fw@imap.x.cl/Soporte%20CL")
        assert config == MailboxConfig(
            secure=True,
            host="imap.x.cl",
            port=993,
            user="soporte@x.cl",
            password="p@ss/w",
            folder="Soporte CL",
        )

    def test_another_scheme_is_a_configuration_error(self):
        with pytest.raises(MailboxError):
            MailboxConfig.from_url("pop3://u:p@host/INBOX")

    def test_a_wrong_password_fails_loudly(self, imap_server, settings):
        with pytest.raises(Exception, match="(?i)auth"):
            mailbox_poll(url=imap_server.url.replace("secret-imap-2026", "wrong"))


def test_beat_polls_every_minute_and_sweeps_with_registered_tasks(settings):
    app.loader.import_default_modules()
    poll = settings.CELERY_BEAT_SCHEDULE["notifications-poll-inbound-mailbox"]
    sweep = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-inbound"]
    assert poll["schedule"] == 60.0
    assert {poll["task"], sweep["task"]} <= set(app.tasks)
