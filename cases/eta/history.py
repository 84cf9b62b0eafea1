"""The past cases an estimate learns from (the one module of cases/eta that reads the
database): a group's recent cases as business seconds of active time, resolved or still
open at `now` (see estimators.History)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings

from accounts.models import COUNTRY_TIME_ZONES

from ..models import Case, CaseEvent, EventKind
from ..status import CLOSED_STATUSES, OPEN_STATUSES
from .calendar import active_business_seconds, calendar_for
from .estimate import pauses_from_status_changes, target_seconds
from .estimators import History

# The most recent cases of a group an estimate reads: enough for a 90th percentile within a
# point or two, and a bounded cost however busy the group is.
MAX_CASES = 400


def group_history(
    *, now: datetime, exclude_id: int | None = None, scaled: bool = False, **group: int
) -> History:
    """The group's cases created in the learning window before `now` (newest MAX_CASES).

    `group` is one of cause_id=, area_id=, record_type_id=. With `scaled`, each time is
    divided by its own cause's target, so causes of different lengths pool together.
    """
    window_start = now - timedelta(days=settings.ETA_LEARNED_WINDOW_DAYS)
    rows = list(
        Case.objects.filter(**group, created_at__gte=window_start, created_at__lt=now)
        .exclude(pk=exclude_id)
        .order_by("-created_at", "-pk")
        .values_list(
            "pk",
            "status",
            "created_at",
            "resolved_at",
            "resolution_business_seconds",
            "seller__country",
            "cause__target_value",
            "cause__target_unit",
        )[:MAX_CASES]
    )
    open_ids = [row[0] for row in rows if row[1] in OPEN_STATUSES]
    changes = defaultdict(list)
    for case_id, at, data in (
        CaseEvent.objects.filter(
            case_id__in=open_ids, kind=EventKind.STATUS_CHANGED, created_at__lte=now
        )
        .order_by("created_at", "id")
        .values_list("case_id", "created_at", "data")
    ):
        changes[case_id].append((at, data.get("from", ""), data.get("to", "")))
    events, censored = [], []
    for pk, status, created_at, resolved_at, seconds, country, value, unit in rows:
        calendar = calendar_for(country, COUNTRY_TIME_ZONES[country])
        scale = target_seconds(value=value, unit=unit, calendar=calendar) if scaled else 1
        if status in CLOSED_STATUSES:
            if seconds is not None and resolved_at is not None and resolved_at <= now:
                events.append(seconds / scale)
        elif status in OPEN_STATUSES:
            pauses = pauses_from_status_changes(changes[pk])
            censored.append(active_business_seconds(calendar, created_at, now, pauses) / scale)
    return History(events=events, censored=censored)
