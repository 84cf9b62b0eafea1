"""The emails of Atención al cliente sent from tasks (customers/tasks.py): a new request's,
queued after the commit that received it, the hourly digest of new requests, and the
warning before a deadline. Each email's key names its request, hour or deadline, so an
overlapping or repeated run never sends it twice."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import emails
from ..models import CustomerRequest, RequestStatus

logger = logging.getLogger(__name__)
# A new request whose emails a task has not queued after this long is swept up.
ALERT_SWEEP_AFTER = timedelta(minutes=2)
# A lost task (worker killed) stops holding back its seller's next publish after this long.
PENDING_FLAG_SECONDS = 60

# Hours looked back: a digest missed while beat was down is still sent (once) later.
DIGEST_CATCH_UP_HOURS = 3


def _pending_key(seller_id: int) -> str:
    return f"customers:new-request-alerts:{seller_id}"


def new_request_alerts_publish(seller_id: int) -> None:
    """After the commit of a new request: hand the seller's new requests' emails to a
    worker, one task per burst. While a task for this seller waits in the queue (a flag in
    the shared cache), the requests received meanwhile ride along with it: the task clears
    the flag before it reads, so a request is either seen by that task or publishes a new
    one. On failure the flag is dropped and the sweep sends the emails."""
    from ..tasks import alert_new_requests_of_seller  # tasks import this module

    key = _pending_key(seller_id)
    if not cache.add(key, 1, timeout=PENDING_FLAG_SECONDS):
        return
    try:
        alert_new_requests_of_seller.delay(seller_id)
    except Exception:
        cache.delete(key)
        logger.warning("Could not publish the emails of seller %s; the sweep will.", seller_id)


def new_request_alerts_send_for_seller(*, seller_id: int, limit: int = 500) -> int:
    """The task's work: the emails of every new request of the seller not yet alerted."""
    cache.delete(_pending_key(seller_id))
    waiting = CustomerRequest.objects.filter(seller_id=seller_id, alerted_at__isnull=True).order_by(
        "received_at", "pk"
    )
    return sum(
        new_request_alerts_send(request_id=pk)
        for pk in waiting.values_list("pk", flat=True)[:limit]
    )


def new_request_alerts_send(*, request_id: int) -> int:
    """Queue the emails of a new request to the seller's users, once."""
    with transaction.atomic():
        request = (
            CustomerRequest.objects.select_for_update(of=("self",))
            .select_related("seller")
            .filter(pk=request_id, alerted_at__isnull=True)
            .first()
        )
        if request is None:
            return 0
        queued = emails.new_request_alert(request)
        CustomerRequest.objects.filter(pk=request_id).update(alerted_at=timezone.now())
    return queued


def new_request_alerts_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """The new requests whose emails no task queued (broker down, worker lost)."""
    now = now or timezone.now()
    late = CustomerRequest.objects.filter(
        alerted_at__isnull=True, received_at__lte=now - ALERT_SWEEP_AFTER
    ).order_by("received_at")
    return sum(
        new_request_alerts_send(request_id=pk) for pk in late.values_list("pk", flat=True)[:limit]
    )


def digests_send(*, now: datetime | None = None) -> int:
    """For each of the last complete hours: to each seller's users who chose the digest,
    the requests that arrived in it. Returns how many emails were queued."""
    now = now or timezone.now()
    this_hour = now.replace(minute=0, second=0, microsecond=0)
    queued = 0
    for back in range(DIGEST_CATCH_UP_HOURS, 0, -1):
        start = this_hour - timedelta(hours=back)
        arrived = (
            CustomerRequest.objects.filter(
                received_at__gte=start, received_at__lt=start + timedelta(hours=1)
            )
            .select_related("seller")
            .order_by("seller_id", "received_at", "pk")
        )
        by_seller: dict[int, list[CustomerRequest]] = {}
        for request in arrived:
            by_seller.setdefault(request.seller_id, []).append(request)
        for requests in by_seller.values():
            with transaction.atomic():
                queued += emails.digest(requests[0].seller, requests, start)
    return queued


def due_soon_warn(*, now: datetime | None = None, limit: int = 500) -> int:
    """Warn the seller's users of the requests whose deadline is near (once per deadline)."""
    now = now or timezone.now()
    horizon = now + timedelta(minutes=settings.CUSTOMER_REQUEST_WARN_BEFORE_MINUTES)
    due = (
        CustomerRequest.objects.filter(
            status=RequestStatus.AWAITING, due_at__gt=now, due_at__lte=horizon
        )
        .exclude(warned_due_at=F("due_at"))
        .select_related("seller")
        .order_by("due_at")[:limit]
    )
    warned = 0
    for request in due:
        with transaction.atomic():
            emails.due_soon_alert(request)
            CustomerRequest.objects.filter(pk=request.pk, due_at=request.due_at).update(
                warned_due_at=request.due_at
            )
        warned += 1
    return warned
