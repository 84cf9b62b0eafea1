"""The emails of Atención al cliente sent from tasks (customers/tasks.py): a new request's,
queued after the commit that received it, the hourly digest of new requests, and the
warning before a deadline. Each email's key names its request, hour or deadline, so an
overlapping or repeated run never sends it twice."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import emails
from ..models import CustomerRequest, RequestStatus

logger = logging.getLogger(__name__)
# A new request whose emails a task has not queued after this long is swept up.
ALERT_SWEEP_AFTER = timedelta(minutes=2)

# Hours looked back: a digest missed while beat was down is still sent (once) later.
DIGEST_CATCH_UP_HOURS = 3


def new_request_alerts_publish(request_id: int) -> None:
    """Hand a new request's emails to a worker (on commit); on failure the sweep sends them."""
    from ..tasks import alert_new_request  # tasks import this module

    try:
        alert_new_request.delay(request_id)
    except Exception:
        logger.warning("Could not publish the emails of request %s; the sweep will.", request_id)


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
