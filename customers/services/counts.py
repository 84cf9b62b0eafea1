"""The per-seller status counts (SellerRequestCount), changed in the transaction of every
write that creates a request or moves its status (as cases/services/counts.py)."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F

from ..models import CustomerRequest, RequestStatus, SellerRequestCount


def counts_request_added(*, seller_id: int, status: str) -> None:
    _shift(seller_id, status, +1)


def counts_status_moved(*, seller_id: int, from_status: str, to_status: str) -> None:
    if from_status == to_status:
        return
    # Always the same row order: two concurrent moves never wait on each other in a cycle.
    for status, delta in sorted(((from_status, -1), (to_status, +1))):
        _shift(seller_id, status, delta)


def _shift(seller_id: int, status: str, delta: int) -> None:
    rows = SellerRequestCount.objects.filter(seller_id=seller_id, status=status)
    shift = {"count": F("count") + delta, "changes": F("changes") + 1}
    if rows.update(**shift) == 0:
        SellerRequestCount.objects.bulk_create(
            [SellerRequestCount(seller_id=seller_id, status=s) for s in RequestStatus.values],
            ignore_conflicts=True,
        )
        rows.update(**shift)


@transaction.atomic
def request_counts_rebuild(*, seller_ids: Iterable[int] | None = None) -> int:
    """Count the requests again (after a bulk load, or to repair drifted counts)."""
    requests, counts = CustomerRequest.objects.all(), SellerRequestCount.objects.all()
    if seller_ids is not None:
        seller_ids = list(seller_ids)
        requests = requests.filter(seller_id__in=seller_ids)
        counts = counts.filter(seller_id__in=seller_ids)
    # Each row's changes go on growing (they name a seller's state: never reused); a
    # seller counted for the first time starts above 0, its version when it had no rows.
    changes = {
        (seller_id, status): n + 1
        for seller_id, status, n in counts.values_list("seller_id", "status", "changes")
    }
    counted: dict[int, dict[str, int]] = {}
    for seller_id, status, n in (
        requests.values_list("seller_id", "status").annotate(n=Count("pk")).order_by()
    ):
        counted.setdefault(seller_id, {})[status] = n
    counts.delete()
    rows = SellerRequestCount.objects.bulk_create(
        [
            SellerRequestCount(
                seller_id=seller_id,
                status=status,
                count=by_status.get(status, 0),
                changes=changes.get((seller_id, status), 1),
            )
            for seller_id, by_status in counted.items()
            for status in RequestStatus.values
        ],
        batch_size=5000,
    )
    return len(rows)
