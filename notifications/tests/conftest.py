"""Fixtures of the notifications tests: throwaway kinds and a mail server that can fail."""

import itertools
import smtplib
from types import SimpleNamespace

import pytest

from notifications.registry import EmailKind, register_kind, unregister_kind
from notifications.services import email_enqueue

from .factories import HOOKED_KIND, MANDATORY_KIND, OPTIONAL_KIND
from .mail import FlakySMTPBackend

_keys = itertools.count(1)


@pytest.fixture
def kinds():
    """An optional kind, a mandatory one, and one whose on_sent hook records the emails."""
    sent = []
    registered = SimpleNamespace(
        optional=EmailKind(
            key=OPTIONAL_KIND, label="Case updates", description="When your case changes."
        ),
        mandatory=EmailKind(
            key=MANDATORY_KIND,
            label="Your answer is needed",
            description="When support needs something from you.",
            mandatory=True,
        ),
        hooked=EmailKind(
            key=HOOKED_KIND,
            label="Hooked",
            on_sent=lambda email: sent.append((email.pk, email.status)),
        ),
    )
    for kind in (registered.optional, registered.mandatory, registered.hooked):
        register_kind(kind)
    registered.sent = sent
    yield registered
    for kind in (registered.optional, registered.mandatory, registered.hooked):
        unregister_kind(kind.key)


@pytest.fixture
def enqueue(kinds):
    """`email_enqueue` with sensible defaults: each call is a new email unless key is given."""

    def enqueue(**fields):
        defaults = {
            "key": f"case:42:update:{next(_keys)}",
            "kind": OPTIONAL_KIND,
            "to_email": "ana@tiendauno.cl",
            "subject": "Your case #42 was updated",
            "body_text": "Hello Ana,\n\nYour case #42 was updated.\n",
            "reference": "case:42",
        }
        return email_enqueue(**{**defaults, **fields})

    return enqueue


@pytest.fixture
def smtp(settings):
    """The mail server: set `smtp.error` to make it fail, back to None to recover."""
    settings.EMAIL_BACKEND = "notifications.tests.mail.FlakySMTPBackend"
    yield FlakySMTPBackend
    FlakySMTPBackend.error = None


@pytest.fixture
def smtp_down(smtp):
    smtp.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    return smtp
