"""Writes: queue an email, send it once, retry it, and the users' preferences.

An email is a row first (`email_enqueue`, in the caller's transaction) and a Celery task
after the commit. The row's status is the truth: a task only sends a row it manages to
claim (pending → sending), so a task run twice, or by two workers, sends once; and the
periodic `outbox_flush` sends what a broker outage or a dead worker left behind.
"""

import functools
import hashlib
import logging
import smtplib
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.utils import parseaddr

from celery.exceptions import Retry
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from .models import NotificationPreference, OutboundEmail
from .registry import MANDATORY_NOTE, UnknownEmailKind, get_kind
from .selectors import user_wants

logger = logging.getLogger(__name__)

Status = OutboundEmail.Status

MAX_RETRY_DELAY_SECONDS = 60 * 60
# Errors worth trying again later: the mail server or the network is having a bad time.
RETRYABLE_ERRORS = (smtplib.SMTPException, OSError)


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


def stale_sending_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "NOTIFICATIONS_STALE_SENDING_SECONDS", 15 * 60))


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
) -> OutboundEmail | None:
    """Queue an email, sent after the caller's transaction commits.

    Idempotent by `key`: a key already queued returns that email and queues nothing.
    Returns None when `user` switched this kind off. Never raises because of the broker.
    """
    email_kind = get_kind(kind)
    existing = OutboundEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing
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
                # Headers cannot hold line breaks, and the column has a length.
                subject=Truncator(" ".join(subject.split())).chars(255),
                body_text=body_text,
                body_html=body_html,
            )
    except IntegrityError:
        # Another transaction queued the same key between our read and our insert.
        existing = OutboundEmail.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing
    transaction.on_commit(functools.partial(_publish_delivery, email.pk))
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

    Raises `EmailSendDeferred` when the mail server failed and a retry is scheduled.
    """
    now = timezone.now()
    # One conditional UPDATE: of two workers, only one moves the row to "sending".
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(status=Status.SENDING, updated_at=now)
    email = OutboundEmail.objects.get(pk=email_id)
    if not claimed:
        return email
    try:
        _send(email)
    except RETRYABLE_ERRORS as exc:
        email = _record_failure(email_id, exc, retryable=True)
        if email.status == Status.PENDING:
            raise EmailSendDeferred(email_id, retry_delay(email.attempts), str(exc)) from exc
        return email
    except Exception as exc:
        # A bug or a malformed email: retrying will not help, so say so in the admin.
        _record_failure(email_id, exc, retryable=False)
        raise
    return _record_sent(email_id)


def _send(email: OutboundEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
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


def _record_sent(email_id: int) -> OutboundEmail:
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        email.status = Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "last_error", "updated_at"])
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


def _record_failure(email_id: int, exc: Exception, *, retryable: bool) -> OutboundEmail:
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().get(pk=email_id)
        email.attempts += 1
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if retryable and email.attempts < max_attempts():
            email.status = Status.PENDING
            email.next_attempt_at = timezone.now() + timedelta(seconds=retry_delay(email.attempts))
        else:
            email.status = Status.FAILED
        email.save(
            update_fields=["attempts", "last_error", "status", "next_attempt_at", "updated_at"]
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

    First puts back to pending the emails left "sending" by a worker that died: a send
    takes far less than the stale delay (longer than the task time limit).
    """
    now = now or timezone.now()
    _recover_stale_sending(now)
    due = OutboundEmail.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
    queued = 0
    for email_id in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        if not _publish_delivery(email_id):
            break  # the broker is down: the next flush tries again
        queued += 1
    return queued


def _recover_stale_sending(now: datetime) -> None:
    stale = OutboundEmail.objects.filter(
        status=Status.SENDING, updated_at__lte=now - stale_sending_after()
    )
    # It counts as an attempt: something that kills the worker every time must end.
    error = "Sending did not finish (the worker stopped?)."
    common = {"attempts": F("attempts") + 1, "last_error": error, "updated_at": now}
    stale.filter(attempts__gte=max_attempts() - 1).update(status=Status.FAILED, **common)
    recovered = stale.update(status=Status.PENDING, next_attempt_at=now, **common)
    if recovered:
        logger.warning("Put %s emails stuck in 'sending' back to pending.", recovered)


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
