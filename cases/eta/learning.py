"""A case's estimate from its groups' history: the bridge between a case (its cause, area
and record type), the past cases (history.py) and the estimators (estimators.py)."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings

from ..models import Case
from .calendar import BusinessCalendar
from .estimate import target_seconds
from .estimators import Choice, History, first_estimate, overdue_estimate
from .history import group_history

NO_HISTORY = History(events=())


def _level() -> float:
    return settings.ETA_LEARNED_PERCENTILE / 100


def _target(case: Case, calendar: BusinessCalendar) -> int:
    cause = case.cause
    return target_seconds(value=cause.target_value, unit=cause.target_unit, calendar=calendar)


# A case's groups, finest first: its cause, its area, its record type.
CAUSE, AREA, RECORD_TYPE = "cause", "area", "record_type"


def estimate_from_groups(read: Callable[[str, bool], History], *, target_seconds: int) -> Choice:
    """The first estimate from a case's groups, read by `read(group, scaled)`: the cause's
    history, and a coarser group's only when the finer one has too few resolved cases (the
    coarser ones `scaled`: each time in units of its own cause's target). The one rule for
    the portal (new_case_estimate) and the replay's offline first estimates."""
    enough = settings.ETA_LEARNED_MIN_SAMPLES

    def is_enough(history: History) -> bool:
        return len(history.events) >= enough

    cause = read(CAUSE, False)
    area = NO_HISTORY if is_enough(cause) else read(AREA, True)
    record_type = NO_HISTORY if is_enough(cause) or is_enough(area) else read(RECORD_TYPE, True)
    return first_estimate(
        cause=cause,
        area=area,
        record_type=record_type,
        target_seconds=target_seconds,
        level=_level(),
        min_samples=enough,
    )


def new_case_estimate(case: Case, *, calendar: BusinessCalendar, now: datetime) -> Choice:
    """The whole estimate of a case seen new at `now` (created, or reopened)."""
    groups = {
        CAUSE: {"cause_id": case.cause_id},
        AREA: {"area_id": case.area_id},
        RECORD_TYPE: {"record_type_id": case.record_type_id},
    }

    def read(group: str, scaled: bool) -> History:
        return group_history(now=now, exclude_id=case.pk, scaled=scaled, **groups[group])

    return estimate_from_groups(read, target_seconds=_target(case, calendar))


def overdue_case_estimate(
    case: Case, *, calendar: BusinessCalendar, now: datetime, elapsed: int
) -> Choice:
    """The new whole estimate of a case that has taken `elapsed` and outlived its estimate."""
    return overdue_estimate(
        cause=group_history(now=now, exclude_id=case.pk, cause_id=case.cause_id),
        elapsed=elapsed,
        level=_level(),
        min_slower=settings.ETA_OVERDUE_MIN_SLOWER_CASES,
        target_seconds=_target(case, calendar),
    )
