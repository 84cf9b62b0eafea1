"""How well a cause's estimates kept their word, for the admin: of its cases resolved in the
last days, the share resolved by the estimate first shown (the time a case waited on the
seller credited to the seller), the median promised against the median taken, and the
same share by length of the promise (a reliability chart: promised against kept)."""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import COUNTRY_TIME_ZONES

from ..models import Case, Cause
from .calendar import calendar_for

CALIBRATION_DAYS = 90
# Lengths of the promise, in business days, the reliability chart groups cases by.
BINS = ((0, 1), (1, 2), (2, 3), (3, 5), (5, 10), (10, None))


@dataclass(frozen=True)
class Bin:
    low_days: float
    high_days: float | None  # None: no upper bound.
    cases: int
    kept: int

    @property
    def share(self) -> float | None:
        return self.kept / self.cases if self.cases else None


@dataclass(frozen=True)
class Calibration:
    days: int
    cases: int  # Resolved in the period with a first estimate and a measured time.
    kept: int  # Resolved within the active time first promised.
    median_promised: int | None  # Business seconds.
    median_taken: int | None
    bins: list[Bin]

    @property
    def share(self) -> float | None:
        return self.kept / self.cases if self.cases else None


def cause_calibration(*, cause: Cause, now: datetime, days: int = CALIBRATION_DAYS) -> Calibration:
    """One query: the cause's cases resolved in the last `days` days."""
    rows = Case.objects.filter(
        cause=cause,
        resolved_at__gte=now - timedelta(days=days),
        resolved_at__lte=now,
        eta_initial_due_at__isnull=False,
        resolution_business_seconds__isnull=False,
    ).values_list(
        "created_at", "eta_initial_due_at", "resolution_business_seconds", "seller__country"
    )
    pairs = []
    for created_at, first_due_at, taken, country in rows:
        calendar = calendar_for(country, COUNTRY_TIME_ZONES[country])
        # Shown at filing, before any pause: the promise is the business time to that date.
        pairs.append((calendar.business_seconds_between(created_at, first_due_at), taken))
    day = calendar_for("CL", COUNTRY_TIME_ZONES["CL"]).seconds_per_day
    bins = []
    for low, high in BINS:
        inside = [(p, t) for p, t in pairs if p > low * day and (high is None or p <= high * day)]
        bins.append(Bin(low, high, len(inside), sum(t <= p for p, t in inside)))
    return Calibration(
        days=days,
        cases=len(pairs),
        kept=sum(taken <= promised for promised, taken in pairs),
        median_promised=round(statistics.median(p for p, _t in pairs)) if pairs else None,
        median_taken=round(statistics.median(t for _p, t in pairs)) if pairs else None,
        bins=bins,
    )
