"""A case's estimate from its groups' history: the bridge between a case (its cause, area
and record type), the past cases (history.py) and the estimators (estimators.py)."""

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


def new_case_estimate(case: Case, *, calendar: BusinessCalendar, now: datetime) -> Choice:
    """The whole estimate of a case seen new at `now` (created, or reopened)."""
    enough = settings.ETA_LEARNED_MIN_SAMPLES

    def is_enough(history: History) -> bool:
        return len(history.events) >= enough

    # The coarser groups are read only when the finer one has too few resolved cases.
    cause = group_history(now=now, exclude_id=case.pk, cause_id=case.cause_id)
    area = (
        NO_HISTORY
        if is_enough(cause)
        else group_history(now=now, exclude_id=case.pk, scaled=True, area_id=case.area_id)
    )
    record_type = (
        NO_HISTORY
        if is_enough(cause) or is_enough(area)
        else group_history(
            now=now, exclude_id=case.pk, scaled=True, record_type_id=case.record_type_id
        )
    )
    return first_estimate(
        cause=cause,
        area=area,
        record_type=record_type,
        target_seconds=_target(case, calendar),
        level=_level(),
        min_samples=enough,
    )


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
