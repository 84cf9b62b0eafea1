"""The seller's answers, back to the marketplace: a signed webhook through an outbox.

A webhook is a row first (`webhook_enqueue`, in the caller's transaction, unique key) and
a Celery task after the commit. The row's status is the truth, as for the emails
(notifications/services.py): a task sends only a row it claims (pending → sending), so a
task run twice sends once; failures are retried with exponential backoff; what a broker
outage or a dead worker left behind is sent by the periodic `webhooks_flush`.

Signature (verify with `signature_valid`): the header
`X-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the integration's
secret>`. The receiver recomputes it, refuses a timestamp more than 5 minutes away
(replays), and drops an `X-Webhook-Id` it has already processed (a retry after a lost
response).
"""

import functools
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from celery.exceptions import Retry
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from ..models import CustomerRequest, Integration, RequestMessage, WebhookDelivery

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
MAX_RETRY_DELAY_SECONDS = 60 * 60
REPLAY_TOLERANCE_SECONDS = 300
# Answers worth trying again later: the receiver is overloaded or down.
RETRYABLE_STATUSES = {408, 425, 429}


class WebhookSendDeferred(Exception):
    def __init__(self, delivery_id: int, retry_in: int, error: str):
        super().__init__(f"Webhook {delivery_id} not sent ({error}); retry in {retry_in}s.")
        self.delivery_id = delivery_id
        self.retry_in = retry_in


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect is refused, not followed: the body is signed for the address configured.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def retry_delay(attempts: int) -> int:
    base = settings.CUSTOMERS_WEBHOOK_RETRY_BACKOFF_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY_SECONDS)


# --- signing ---------------------------------------------------------------------------
def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def signature_valid(
    secret: str, header: str, body: bytes, *, now: float | None = None, tolerance: int = 300
) -> bool:
    """What a receiver checks: the signature matches and its timestamp is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).partition("v1=")[2]
    return hmac.compare_digest(expected, parts.get("v1", ""))


# --- queueing --------------------------------------------------------------------------
def webhook_enqueue(
    *, integration: Integration, key: str, event: str, payload: dict, request=None
) -> WebhookDelivery | None:
    """Queue a webhook, sent after the caller's transaction commits; idempotent by `key`.
    None when the integration has no webhook address."""
    if not integration.webhook_url:
        return None
    existing = WebhookDelivery.objects.filter(key=key).first()
    if existing is not None:
        return existing
    body = json.dumps(
        {"event": event, "id": key, **payload}, cls=DjangoJSONEncoder, ensure_ascii=False
    )
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                key=key, integration=integration, request=request, event=event, body=body
            )
    except IntegrityError:
        existing = WebhookDelivery.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing
    transaction.on_commit(functools.partial(_publish, delivery.pk))
    return delivery


def _request_payload(request: CustomerRequest) -> dict:
    return {
        "request": {
            "id": request.external_id,
            "seller_code": request.seller.code,
            "status": request.status,
            "order_number": request.order_number,
        }
    }


def webhook_answer_sent(*, request: CustomerRequest, message: RequestMessage):
    files = [
        {
            "filename": a.original_name,
            "content_type": a.content_type,
            "size": a.size,
            "url": f"{settings.SITE_URL}{reverse('customers_api:attachment', args=[a.pk])}",
        }
        for a in message.attachments.all()
    ]
    return webhook_enqueue(
        integration=request.integration,
        key=f"message:{message.pk}:created",
        event="message.created",
        request=request,
        payload={
            **_request_payload(request),
            "message": {
                "author": message.author,
                "author_name": message.author_user.get_full_name() if message.author_user else "",
                "body": message.body,
                "sent_at": message.sent_at,
                "attachments": files,
            },
        },
    )


def webhook_request_closed(*, request: CustomerRequest):
    return webhook_enqueue(
        integration=request.integration,
        key=f"request:{request.pk}:closed:{request.closed_at.isoformat()}",
        event="request.closed",
        request=request,
        payload={**_request_payload(request), "closed_at": request.closed_at},
    )


def _publish(delivery_id: int) -> bool:
    """Hand the webhook to a worker; on any failure leave it pending for the flush."""
    from ..tasks import deliver_webhook  # tasks import this module

    try:
        deliver_webhook.delay(delivery_id)
    except Retry:
        return True  # eager mode: the task ran, failed, and the row is pending again
    except Exception:
        logger.warning("Could not publish webhook %s; the flush will send it.", delivery_id)
        return False
    return True


# --- sending ---------------------------------------------------------------------------
def webhook_deliver(*, delivery_id: int) -> WebhookDelivery:
    """Send the webhook if it is pending and due; otherwise leave it as it is.

    Raises WebhookSendDeferred when it failed and a retry is scheduled."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(status=Status.SENDING, updated_at=now)
    delivery = WebhookDelivery.objects.select_related("integration").get(pk=delivery_id)
    if not claimed:
        return delivery
    try:
        status = _post(delivery)
    except urllib.error.HTTPError as exc:
        retryable = exc.code >= 500 or exc.code in RETRYABLE_STATUSES
        return _failed(delivery_id, f"HTTP {exc.code}", retryable=retryable, status=exc.code)
    except (OSError, ValueError) as exc:  # network, timeout, refused, a bad address
        return _failed(delivery_id, f"{type(exc).__name__}: {exc}", retryable=True)
    if not 200 <= status < 300:  # a redirect, refused above
        return _failed(delivery_id, f"HTTP {status} (not followed)", retryable=False, status=status)
    WebhookDelivery.objects.filter(pk=delivery_id).update(
        status=Status.SENT, sent_at=timezone.now(), last_error="", response_status=status
    )
    delivery.refresh_from_db()
    return delivery


def _post(delivery: WebhookDelivery) -> int:
    body = delivery.body.encode()
    outgoing = urllib.request.Request(
        delivery.integration.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "CentroDeSoporte-Webhooks/1",
            "X-Webhook-Id": delivery.key,
            "X-Webhook-Event": delivery.event,
            "X-Signature": sign(delivery.integration.webhook_secret, body, int(time.time())),
        },
    )
    try:
        with _opener.open(outgoing, timeout=settings.CUSTOMERS_WEBHOOK_TIMEOUT_SECONDS) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            return exc.code
        raise


def _failed(delivery_id: int, error: str, *, retryable: bool, status=None) -> WebhookDelivery:
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        delivery.last_error = error[:2000]
        delivery.response_status = status
        if retryable and delivery.attempts < settings.CUSTOMERS_WEBHOOK_MAX_ATTEMPTS:
            delivery.status = Status.PENDING
            delivery.next_attempt_at = timezone.now() + timedelta(
                seconds=retry_delay(delivery.attempts)
            )
        else:
            delivery.status = Status.FAILED
        delivery.save()
    logger.warning("Webhook %s not sent (attempt %s): %s", delivery_id, delivery.attempts, error)
    if delivery.status == Status.PENDING:
        raise WebhookSendDeferred(delivery_id, retry_delay(delivery.attempts), error)
    return delivery


def webhook_retry(*, delivery_id: int) -> WebhookDelivery:
    """Send a failed webhook again (admin action): a fresh round of attempts, now."""
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status != Status.FAILED:
            return delivery
        delivery.status = Status.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        transaction.on_commit(functools.partial(_publish, delivery.pk))
    return delivery


def webhooks_flush(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue the pending webhooks that are due (and those a dead worker left "sending")."""
    now = now or timezone.now()
    stale = WebhookDelivery.objects.filter(
        status=Status.SENDING,
        updated_at__lte=now - timedelta(seconds=settings.CUSTOMERS_WEBHOOK_STALE_SENDING_SECONDS),
    )
    common = {"attempts": F("attempts") + 1, "last_error": "Sending did not finish."}
    stale.filter(attempts__gte=settings.CUSTOMERS_WEBHOOK_MAX_ATTEMPTS - 1).update(
        status=Status.FAILED, **common
    )
    stale.update(status=Status.PENDING, next_attempt_at=now, **common)
    due = WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
    queued = 0
    for delivery_id in due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        if not _publish(delivery_id):
            break
        queued += 1
    return queued
