"""The per-seller status counts (cases/models/counts.py), changed with each case write.

Called only from the services that create a case or move its status, inside their
transaction: the counts move with the case or not at all.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F

from ..models import Case, SellerCaseCount
from ..status import CaseStatus


def counts_case_added(*, seller_id: int, status: str) -> None:
    _shift(seller_id, status, +1)


def counts_status_moved(*, seller_id: int, from_status: str, to_status: str) -> None:
    # Always the same row order, whatever the move: two concurrent moves of one seller's
    # cases never wait on each other's counts in a cycle (no deadlock).
    for status, delta in sorted(((from_status, -1), (to_status, +1))):
        _shift(seller_id, status, delta)


def _shift(seller_id: int, status: str, delta: int) -> None:
    rows = SellerCaseCount.objects.filter(seller_id=seller_id, status=status)
    if rows.update(count=F("count") + delta) == 0:
        # The seller's first case: its rows start at zero (another transaction may be
        # creating them right now; ignore_conflicts then waits for it and keeps its rows).
        SellerCaseCount.objects.bulk_create(
            [SellerCaseCount(seller_id=seller_id, status=s) for s in CaseStatus.values],
            ignore_conflicts=True,
        )
        rows.update(count=F("count") + delta)


@transaction.atomic
def case_counts_rebuild(*, seller_ids: Iterable[int] | None = None) -> int:
    """Count the sellers' cases again from the cases table; returns the rows written.

    For after a bulk load (manage.py generate_dataset) or to repair counts that drifted
    because cases were changed without the services. Cases filed meanwhile wait.
    """
    if connection.vendor == "postgresql":
        # Writers wait until the new counts are in; readers never do.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Case._meta.db_table} IN SHARE MODE")
    cases, counts = Case.objects.all(), SellerCaseCount.objects.all()
    if seller_ids is not None:
        seller_ids = list(seller_ids)
        cases, counts = (
            cases.filter(seller_id__in=seller_ids),
            counts.filter(seller_id__in=seller_ids),
        )
    counted: dict[int, dict[str, int]] = {}
    for seller_id, status, n in (
        cases.values_list("seller_id", "status").annotate(n=Count("pk")).order_by()
    ):
        counted.setdefault(seller_id, {})[status] = n
    counts.delete()
    rows = SellerCaseCount.objects.bulk_create(
        [
            SellerCaseCount(seller_id=seller_id, status=status, count=by_status.get(status, 0))
            for seller_id, by_status in counted.items()
            for status in CaseStatus.values
        ],
        batch_size=5000,
    )
    return len(rows)
