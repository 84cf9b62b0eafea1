"""Reads for the agents' desk about the causes sellers choose: which ones agents had to
change ("Cambiar motivo"), and to what."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from ..models import CaseCauseChange

# The desk's window: the confusions of the last weeks, not of the taxonomy's whole life.
RECATEGORISED_WINDOW = timedelta(days=90)


@dataclass
class RecategorisedCause:
    """A cause sellers chose and agents changed: how often, and to which causes."""

    cause_id: int
    cause: str
    area: str
    count: int = 0
    moved_to: list[tuple[str, int]] = field(default_factory=list)  # most often first


def recategorised_per_cause(
    *, since: datetime | None = None, limit: int = 10
) -> list[RecategorisedCause]:
    """The causes whose cases agents moved most often since `since` (default: the last
    90 days), counting only the sellers' own choices (a case's first change), most moved
    first. One query, grouped by the pair (chosen, moved to)."""
    since = since or timezone.now() - RECATEGORISED_WINDOW
    pairs = (
        CaseCauseChange.objects.filter(changed_at__gte=since, from_seller_choice=True)
        .values("from_cause", "from_cause__name", "from_cause__area__name", "to_cause__name")
        .annotate(count=Count("id"))
        .order_by("-count", "to_cause__name")
    )
    causes: dict[int, RecategorisedCause] = {}
    targets: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for row in pairs:
        cause_id = row["from_cause"]
        entry = causes.setdefault(
            cause_id,
            RecategorisedCause(
                cause_id=cause_id, cause=row["from_cause__name"], area=row["from_cause__area__name"]
            ),
        )
        entry.count += row["count"]
        targets[cause_id].append((row["to_cause__name"], row["count"]))
    for cause_id, entry in causes.items():
        entry.moved_to = targets[cause_id]
    ranked = sorted(causes.values(), key=lambda c: (-c.count, c.cause))
    return ranked[:limit]
