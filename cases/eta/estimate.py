"""Building blocks of the estimated resolution time: pure arithmetic on top of the business
calendar (targets, pauses, percentiles). The estimators are in estimators.py; the service
(cases/services/eta.py) applies them. All durations are business seconds of the seller's
calendar.
"""

import math
from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction

from ..status import CaseStatus
from .calendar import BusinessCalendar, Pause

HOURS = "hours"  # TargetUnit.HOURS
DAYS = "days"  # TargetUnit.DAYS


# The clock runs only while the case is in support's hands: not while it waits on the seller,
# nor while it sits resolved (a case reopened later resumes where it stopped).
PAUSED_STATUSES = frozenset({CaseStatus.WAITING_ON_SELLER, CaseStatus.RESOLVED})

# One entry of a case's status history: (when, from status, to status).
StatusChange = tuple[datetime, str, str]


def target_seconds(*, value: int, unit: str, calendar: BusinessCalendar) -> int:
    """A cause's resolution target in business seconds (a day is one working day)."""
    if unit == DAYS:
        return value * calendar.seconds_per_day
    if unit == HOURS:
        return value * 3600
    raise ValueError(f"unknown target unit {unit!r}")


def percentile(values: Iterable[int], pct: float) -> int:
    """The nearest-rank percentile: the smallest value with at least pct% of values <= it.

    It is always one of the values (no interpolation), and at least pct% of the cases took
    no longer, so a 90th percentile is an estimate that held for nine cases in ten.
    """
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    if not 0 < pct <= 100:
        raise ValueError(f"pct must be in (0, 100], got {pct}")
    rank = math.ceil(Fraction(pct) * len(ordered) / 100)  # Exact: no float rounding.
    return ordered[rank - 1]


def pauses_from_status_changes(
    changes: Iterable[StatusChange], paused_statuses: frozenset[str] = PAUSED_STATUSES
) -> list[Pause]:
    """The pauses of the clock from a case's status changes, ordered by time.

    A pause runs from entering a paused status (waiting on the seller; resolved) to leaving
    it for a running one; a pause still running at the end has no end (None).
    """
    pauses: list[Pause] = []
    paused_since: datetime | None = None
    for at, _from_status, to_status in changes:
        if to_status in paused_statuses:
            if paused_since is None:
                paused_since = at
        elif paused_since is not None:
            pauses.append((paused_since, at))
            paused_since = None
    if paused_since is not None:
        pauses.append((paused_since, None))
    return pauses
