"""Writes: queue an email, send it, retry it, and the users' preferences.

An email is a row first (`email_enqueue`, in the caller's transaction) and a Celery task
after the commit. The row's status is the truth: a task only sends a row it manages to
claim (pending → sending, with a lease), so a task run twice, or by two workers, sends
once; the periodic `outbox_flush` sends what a broker outage left pending and takes back
the emails of a worker that died (its lease ran out).

The guarantee is at-least-once with the same Message-ID on every attempt: an email whose
acceptance by the mail server could not be written down (the database stayed unreachable
for the whole retry window, or the worker died between the two) is sent again when its
lease ends, and the receiving server can recognise the repeat by its Message-ID.
"""

import functools
import hashlib
import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from email.utils import parseaddr

from celery.exceptions import Retry
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from .models import NotificationPreference, OutboundEmail
from .registry import MANDATORY_NOTE, UnknownEmailKind, get_kind
from .selectors import user_wants
from .smtp import TEMPORARY_ERRORS, describe, refused_for_good

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status

MAX_RETRY_DELAY_SECONDS = 60 * 60
# Waits between tries of writing down a send's outcome when the database connection
# fails: about 8 s in all, well inside the lease (the send itself is bounded by the
# delivery task's time limit).
WRITE_RETRY_DELAYS = (0.25, 0.5, 1, 2, 4)


class EmailSendDeferred(Exception):
    """Sending failed and the email is pending again: try again in `retry_in` seconds."""

    def __init__(self, email_id: int, retry_in: int, error: str):
        super().__init__(f"Email {email_id} not sent ({error}); retry in {retry_in}s.")
        self.email_id = email_id
        self.retry_in = retry_in


def max_attempts() -> int:
    return getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 8)


def retry_delay(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failure: doubling, capped at one hour."""
    base = getattr(settings, "NOTIFICATIONS_RETRY_BACKOFF_SECONDS", 60)
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY_SECONDS)


def lease_duration() -> timedelta:
    """How long a worker may hold an email it is sending before it is taken as lost.

    Longer than the delivery task's hard time limit, after which Celery kills the task:
    a lease never runs out while its send can still be going on.
    """
    return timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)


# --- queueing --------------------------------------------------------------------------


def email_enqueue(
    *,
    key: str,
    kind: str,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    user: AbstractBaseUser | None = None,
    reference: str = "",
    reply_to: str = "",
    hold_until: datetime | None = None,
    revise_unsent: bool = False,
) -> OutboundEmail | None:
    """Queue an email, sent after the caller's transaction commits.

    Idempotent by `key`: a key already queued returns that email and queues nothing —
    unless `revise_unsent`, which gives an email not tried yet this content and sends it
    now (an email held for news that has arrived). `hold_until` keeps a new email until
    then (the flush sends it when due) unless it is revised first. Returns None when
    `user` switched this kind off. Never raises because of the broker.
    """
    email_kind = get_kind(kind)
    subject = Truncator(" ".join(subject.split())).chars(255)  # one header line, the column
    content = {"subject": subject, "body_text": body_text, "body_html": body_html}
    existing = OutboundEmail.objects.filter(key=key).first()
    if existing is not None:
        return _revise_unsent(existing, content) if revise_unsent else existing
    if user is not None and not email_kind.mandatory and not user_wants(user, kind):
        return None
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                key=key,
                kind=kind,
                reference=reference,
                user=user,
                to_email=to_email,
                reply_to=reply_to,
                next_attempt_at=hold_until or timezone.now(),
                **content,
            )
    except IntegrityError:
        # Another transaction queued the same key between our read and our insert.
        existing = OutboundEmail.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing
    if hold_until is None:
        transaction.on_commit(functools.partial(_publish_delivery, email.pk))
    return email


def _revise_unsent(email: OutboundEmail, content: dict) -> OutboundEmail:
    # Conditional: a worker that claimed the email meanwhile sends it as it was.
    revised = OutboundEmail.objects.filter(pk=email.pk, status=Status.PENDING, attempts=0).update(
        next_attempt_at=timezone.now(), updated_at=timezone.now(), **content
    )
    if revised:
        transaction.on_commit(functools.partial(_publish_delivery, email.pk))
        email.refresh_from_db()
    return email


def _publish_delivery(email_id: int) -> bool:
    """Hand the email to a worker; on any failure leave it pending for the flush."""
    from .tasks import deliver_email  # tasks import this module

    try:
        deliver_email.delay(email_id)
    except Retry:
        # Eager mode (no broker): the task already ran, failed, and stays pending.
        return True
    except Exception:
        logger.warning(
            "Could not publish the delivery of email %s; the outbox flush will send it.",
            email_id,
            exc_info=True,
        )
        return False
    return True


# --- sending ---------------------------------------------------------------------------


def email_deliver(*, email_id: int) -> OutboundEmail:
    """Send the email if it is pending and due; otherwise leave it as it is.

    An email whose lease ran out (its worker died: this may be Celery redelivering that
    worker's task) is sent again. Raises `EmailSendDeferred` when the mail server failed
    for now and a retry is scheduled; a 5xx refusal fails the email at once.
    """
    now = timezone.now()
    _take_back_expired(now, OutboundEmail.objects.filter(pk=email_id))
    # One conditional UPDATE: of two workers, only one moves the row to "sending".
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(status=Status.SENDING, lease_until=now + lease_duration(), updated_at=now)
    email = OutboundEmail.objects.get(pk=email_id)
    if not claimed:
        return email
    try:
        _send(email)
    except TEMPORARY_ERRORS as exc:
        record = functools.partial(_record_failure, email_id, exc, refused_for_good(exc))
        email = _write_reliably(email_id, record)
        if email.status == Status.PENDING:
            raise EmailSendDeferred(email_id, retry_delay(email.attempts), str(exc)) from exc
        return email
    except Exception as exc:
        # A bug or a malformed email: retrying will not help, so say so in the admin.
        _write_reliably(email_id, functools.partial(_record_failure, email_id, exc, True))
        raise
    return _write_reliably(email_id, functools.partial(_record_sent, email_id))


def _send(email: OutboundEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={
            "Message-ID": message_id(email.key),
            # RFC 3834: keeps out-of-office replies from answering us.
            "Auto-Submitted": "auto-generated",
        },
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    message.send(fail_silently=False)


def message_id(key: str) -> str:
    """The same Message-ID for every attempt, so mail servers can drop a duplicate."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"<notification.{digest}@{domain}>"


def _write_reliably(email_id: int, write: Callable[[], OutboundEmail]) -> OutboundEmail:
    """Write down what happened to a send, trying again on a fresh database connection.

    Above all for "sent": the mail server has the email, and a lost write would have the
    lease run out and the email sent a second time. Gives up (raises) after about 8 s:
    the email then stays "sending" until its lease ends.
    """
    for delay in WRITE_RETRY_DELAYS:
        try:
            return write()
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block:
                raise  # inside the caller's transaction: no fresh connection to take
            logger.warning(
                "Could not write the outcome of email %s; trying again in %ss.",
                email_id,
                delay,
                exc_info=True,
            )
        connection.close()  # the next query opens a new connection
        time.sleep(delay)
    return write()  # the last try: its error is the task's


def _record_sent(email_id: int) -> OutboundEmail:
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        email.status = Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.lease_until = None
        email.save(update_fields=["status", "sent_at", "last_error", "lease_until", "updated_at"])
        _run_on_sent_hook(email)
    # With the request id of the request (or task) that queued it (supportcenter/ops).
    logger.info("Email %s (%s) sent.", email_id, email.kind)
    return email


def _run_on_sent_hook(email: OutboundEmail) -> None:
    try:
        hook = get_kind(email.kind).on_sent
    except UnknownEmailKind:
        return
    if hook is None:
        return
    try:
        # A savepoint: the email did go out, so a failing hook must not undo "sent"
        # (the flush would send it again).
        with transaction.atomic():
            hook(email)
    except Exception:
        logger.exception("The on_sent hook of email %s (%s) failed.", email.pk, email.kind)


def _record_failure(email_id: int, exc: BaseException, final: bool) -> OutboundEmail:
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        email.attempts += 1
        email.last_error = describe(exc)[:2000]
        email.lease_until = None
        if final:
            email.last_error = f"Not retried: {email.last_error}"[:2000]
            email.status = Status.FAILED
        elif email.attempts < max_attempts():
            email.status = Status.PENDING
            email.next_attempt_at = timezone.now() + timedelta(seconds=retry_delay(email.attempts))
        else:
            email.status = Status.FAILED
        email.save(
            update_fields=[
                "attempts",
                "last_error",
                "status",
                "next_attempt_at",
                "lease_until",
                "updated_at",
            ]
        )
    log = logger.warning if email.status == Status.PENDING else logger.error
    log("Email %s not sent (attempt %s, now %s): %s", email_id, email.attempts, email.status, exc)
    return email


# --- the outbox ------------------------------------------------------------------------


def email_retry(*, email_id: int) -> OutboundEmail:
    """Send a failed email again (admin action): a fresh round of attempts, now."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        if email.status != Status.FAILED:
            return email
        email.status = Status.PENDING
        email.attempts = 0
        email.next_attempt_at = timezone.now()
        # last_error stays: it says why the email had failed.
        email.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        transaction.on_commit(functools.partial(_publish_delivery, email.pk))
    return email


def outbox_flush(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue the pending emails that are due; returns how many were queued.

    First takes back the emails whose lease ran out: their worker died while sending.
    """
    now = now or timezone.now()
    _take_back_expired(now, OutboundEmail.objects.all())
    due = OutboundEmail.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
    queued = 0
    for email_id in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        if not _publish_delivery(email_id):
            break  # the broker is down: the next flush tries again
        queued += 1
    return queued


def _take_back_expired(now: datetime, emails) -> int:
    """Emails "sending" past their lease go back to pending (or fail on the last attempt)."""
    expired = emails.filter(status=Status.SENDING, lease_until__lte=now)
    # It counts as an attempt: something that kills the worker every time must end.
    error = "Sending did not finish within its lease (the worker stopped?)."
    common = {"attempts": F("attempts") + 1, "last_error": error, "lease_until": None}
    expired.filter(attempts__gte=max_attempts() - 1).update(
        status=Status.FAILED, updated_at=now, **common
    )
    taken = expired.update(status=Status.PENDING, next_attempt_at=now, updated_at=now, **common)
    if taken:
        logger.warning("Took back %s emails whose sending lease ran out.", taken)
    return taken


# --- preferences -----------------------------------------------------------------------


def preference_set(*, user: AbstractBaseUser, kind: str, enabled: bool) -> NotificationPreference:
    if get_kind(kind).mandatory and not enabled:
        raise ValidationError(MANDATORY_NOTE, code="mandatory")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"enabled": enabled}
    )
    return preference


def preferences_update(*, user: AbstractBaseUser, wanted: Mapping[str, bool]) -> None:
    """Save the preferences page: one `preference_set` per optional kind."""
    with transaction.atomic():
        for kind, enabled in wanted.items():
            if not get_kind(kind).mandatory:
                preference_set(user=user, kind=kind, enabled=enabled)
