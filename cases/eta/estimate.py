"""The estimated resolution time of a case: pure arithmetic on top of the business calendar.

Nothing here touches the database: the service (cases/services/eta.py) gathers the case's
history and the resolved cases of its cause and hands them over as plain values. All
durations are business seconds of the seller's calendar.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from ..status import CaseStatus
from .calendar import BusinessCalendar, Pause, active_business_seconds

HOURS = "hours"  # TargetUnit.HOURS
DAYS = "days"  # TargetUnit.DAYS
TARGET = "target"  # EtaMethod.TARGET
LEARNED = "learned"  # EtaMethod.LEARNED

# The clock runs only while the case is in support's hands: not while it waits on the seller,
# nor while it sits resolved (a case reopened later resumes where it stopped).
PAUSED_STATUSES = frozenset({CaseStatus.WAITING_ON_SELLER, CaseStatus.RESOLVED})

# One entry of a case's status history: (when, from status, to status).
StatusChange = tuple[datetime, str, str]


@dataclass(frozen=True)
class Estimate:
    due_at: datetime  # In the calendar's time zone; never before `now` for an open case.
    business_days: int  # Business days from `now` to `due_at`, rounded up, at least 1.
    total_seconds: int  # The whole estimate from creation: elapsed plus what is left.
    method: str  # TARGET or LEARNED: where the estimate came from.
    is_overdue: bool  # The estimate shown before has run out; `due_at` is a new one.


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


def estimate(
    *,
    calendar: BusinessCalendar,
    created_at: datetime,
    now: datetime,
    pauses: Sequence[Pause],
    target_seconds: int,
    samples: Sequence[int],
    min_samples: int,
    pct: float,
    overdue_extension_days: int = 1,
) -> Estimate:
    """When an open case should be resolved, seen at `now`.

    The estimate is the pct-th percentile of `samples` (business seconds to resolution of
    the cause's recent cases) when there are at least `min_samples` of them, else the
    cause's target. The business time already spent (pauses excluded) is subtracted. While
    the clock is paused the due date is `now` plus what is left, so it moves with time.

    Once that runs out the case is overdue and gets a new estimate: the pct-th percentile
    of the samples that took longer than this case already has (they were still open at
    its age) when there are `min_samples` of them, else `overdue_extension_days` more.
    """
    # Whole seconds throughout: the elapsed time is then exact, and a later refresh of a
    # running clock lands on the very same due instant instead of drifting past a closing.
    created_at, now = _whole_second(created_at), _whole_second(now)
    pauses = [(_whole_second(s), None if e is None else _whole_second(e)) for s, e in pauses]
    learned = len(samples) >= min_samples
    total = percentile(samples, pct) if learned else target_seconds
    elapsed = active_business_seconds(calendar, created_at, now, pauses)
    remaining = total - elapsed
    # A case no business time has run on yet is not late, even against a learned zero.
    is_overdue = remaining <= 0 and elapsed > 0
    if is_overdue:
        longer = [s for s in samples if s > elapsed]
        if len(longer) >= min_samples:
            learned = True
            remaining = percentile(longer, pct) - elapsed
        else:
            remaining = overdue_extension_days * calendar.seconds_per_day
    # Strictly after `now`, whatever the inputs (a zero extension, a learned zero).
    remaining = max(remaining, 1)
    due_at = calendar.add_business_seconds(now, remaining)
    return Estimate(
        due_at=due_at,
        business_days=max(1, calendar.business_days_ceil(remaining)),
        total_seconds=elapsed + remaining,
        method=LEARNED if learned else TARGET,
        is_overdue=is_overdue,
    )


def _whole_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)
