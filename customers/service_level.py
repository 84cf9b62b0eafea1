"""Tu nivel de atención: how well a seller answers its customers.

Over the last 30 days, per kind: the share of requests answered within their first
deadline (late: answered after it, or still unanswered past it; requests still within
their deadline and unanswered do not count yet), and the median business time to the
first answer. And the same share, week by week (the seller's weeks), for 8 weeks.
Three queries, whatever the number of requests.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import Seller
from accounts.time_zones import seller_zone

from .models import CustomerRequest, RequestKind

WINDOW_DAYS = 30
WEEKS = 8


@dataclass(frozen=True)
class Level:
    label: str
    received: int
    on_time: int
    late: int
    median_seconds: int | None

    @property
    def share(self) -> float | None:
        """On time among those with an outcome (0-100), None when none has one yet."""
        judged = self.on_time + self.late
        return None if not judged else 100 * self.on_time / judged


@dataclass(frozen=True)
class Week:
    start: date
    received: int
    on_time: int
    late: int

    @property
    def share(self) -> float | None:
        judged = self.on_time + self.late
        return None if not judged else 100 * self.on_time / judged


def _outcomes(now: datetime) -> dict:
    answered = Q(first_answered_at__isnull=False)
    return {
        "received": Count("pk"),
        "on_time": Count("pk", filter=answered & Q(first_answered_at__lte=F("first_due_at"))),
        "late": Count(
            "pk",
            filter=(answered & Q(first_answered_at__gt=F("first_due_at")))
            | Q(first_answered_at__isnull=True, first_due_at__lt=now),
        ),
    }


def service_level(*, seller: Seller, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    requests = CustomerRequest.objects.filter(seller=seller)
    recent = requests.filter(received_at__gte=now - timedelta(days=WINDOW_DAYS))
    rows = {row["kind"]: row for row in recent.values("kind").annotate(**_outcomes(now)).order_by()}
    times: dict[str, list[int]] = {}
    for kind, seconds in recent.filter(first_answer_business_seconds__isnull=False).values_list(
        "kind", "first_answer_business_seconds"
    ):
        times.setdefault(kind, []).append(seconds)
    kinds = []
    for kind in RequestKind:
        row = rows.get(kind.value, {})
        kinds.append(
            Level(
                label=kind.label,
                received=row.get("received", 0),
                on_time=row.get("on_time", 0),
                late=row.get("late", 0),
                median_seconds=_median(times.get(kind.value, [])),
            )
        )
    total = Level(
        label="",
        received=sum(k.received for k in kinds),
        on_time=sum(k.on_time for k in kinds),
        late=sum(k.late for k in kinds),
        median_seconds=_median([s for values in times.values() for s in values]),
    )
    return {"kinds": kinds, "total": total, "weeks": _weeks(requests, seller, now)}


def _median(values: list[int]) -> int | None:
    return int(statistics.median(values)) if values else None


def _weeks(requests, seller: Seller, now: datetime) -> list[Week]:
    zone = seller_zone(seller)
    today = timezone.localtime(now, zone).date()
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=WEEKS - 1)
    since = datetime.combine(first, time.min, tzinfo=zone)
    found = {
        row["week"].date() if isinstance(row["week"], datetime) else row["week"]: row
        for row in requests.filter(received_at__gte=since)
        .annotate(week=TruncWeek("received_at", tzinfo=zone))
        .values("week")
        .annotate(**_outcomes(now))
        .order_by()
    }
    weeks = []
    for n in range(WEEKS):
        start = first + timedelta(weeks=n)
        row = found.get(start, {})
        weeks.append(
            Week(
                start=start,
                received=row.get("received", 0),
                on_time=row.get("on_time", 0),
                late=row.get("late", 0),
            )
        )
    return weeks
