"""The first estimate of every planned case, computed without the database.

The replay (runner.py) files each case through the services, 75-90 s a year. The estimate a
case is first shown depends only on the plan: the history it reads (cases/eta/history.py)
is the cases of its cause, area or record type filed before it, each resolved (its active
time) or still open (its active time so far, the wait on the seller left out), and those
can be rebuilt from the plan and its timelines. This module does that and hands them to
the portal's own rule (cases.eta.learning.estimate_from_groups), so the first estimates
are exactly the replay's (a test checks it against the replay of the same year) in about
2 s a year: enough to look at many seeds. The late cases' new dates need the periodic
refresh and are left to the full replay.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings

from accounts.models import COUNTRY_TIME_ZONES

from ..eta.calendar import BusinessCalendar, calendar_for
from ..eta.estimate import target_seconds
from ..eta.estimators import History
from ..eta.history import MAX_CASES
from ..eta.learning import AREA, CAUSE, RECORD_TYPE, estimate_from_groups
from .runner import Outcome
from .scenario import CAUSES, PlannedCase, Timeline, plan_year, timeline

SPECS = {spec.key: spec for spec in CAUSES}


@dataclass(frozen=True)
class _Filed:
    case: PlannedCase
    calendar: BusinessCalendar
    steps: Timeline
    target: int  # Its cause's target in business seconds, in its seller's calendar.

    def active_at(self, now: datetime) -> int:
        """Business seconds of work done by `now` (the wait on the seller left out)."""
        pause = self.steps.pause
        if pause is None or now <= pause[0]:
            return self.calendar.business_seconds_between(self.steps.created_at, now)
        if now <= pause[1]:
            return self.case.pause_after
        return self.case.pause_after + self.calendar.business_seconds_between(pause[1], now)


def first_outcomes(*, seed: int, cases: int, start: date, days: int = 365) -> list[Outcome]:
    """One Outcome per planned case, as the replay's but for the first estimate only (no
    new dates: `renewals` stays empty)."""
    filed = []
    for case in plan_year(seed=seed, cases=cases, start=start, days=days):
        calendar = calendar_for(case.country, COUNTRY_TIME_ZONES[case.country])
        spec = SPECS[case.cause]
        target = target_seconds(value=spec.target_value, unit=spec.target_unit, calendar=calendar)
        filed.append(_Filed(case, calendar, timeline(case, calendar), target))
    window = timedelta(days=settings.ETA_LEARNED_WINDOW_DAYS)
    groups: dict[str, list[_Filed]] = defaultdict(list)
    outcomes = []
    for one in filed:
        now, spec = one.steps.created_at, SPECS[one.case.cause]

        def history(key: str, *, scaled: bool, now=now) -> History:
            before = [f for f in groups[key] if now - window <= f.steps.created_at < now]
            events, censored = [], []
            for f in before[-MAX_CASES:]:
                scale = f.target if scaled else 1
                if f.steps.resolve_at <= now:
                    events.append(f.case.active_seconds / scale)
                else:
                    censored.append(f.active_at(now) / scale)
            return History(events=events, censored=censored)

        keys = {
            CAUSE: f"cause:{one.case.cause}",
            AREA: f"area:{spec.area}",
            RECORD_TYPE: "record type",
        }
        choice = estimate_from_groups(
            lambda group, scaled, keys=keys: history(keys[group], scaled=scaled),
            target_seconds=one.target,
        )
        outcomes.append(
            Outcome(
                cause=one.case.cause,
                paused=one.case.pause_after is not None,
                first_seconds=choice.seconds,
                first_method=choice.method,
                resolution_seconds=one.case.active_seconds,
            )
        )
        for key in keys.values():
            groups[key].append(one)
    return outcomes  # In the plan's order (by filing time), as the replay's.
