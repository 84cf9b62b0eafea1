"""The estimate's building blocks: pure arithmetic, no database (the estimators are
tested in test_eta_estimators.py, the whole refresh in test_eta_service.py).

Expected values are worked out by hand on the Chilean calendar, 09:00-18:00 (a business
day is 9 h = 32,400 s). March 2026 has no Chilean holiday: Monday 9 to Friday 13 and
Monday 16 are plain working days. Hours below are business hours.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cases.eta.calendar import BusinessCalendar
from cases.eta.estimate import pauses_from_status_changes, percentile, target_seconds
from cases.models import TargetUnit
from cases.status import CaseStatus

S = CaseStatus
SANTIAGO = ZoneInfo("America/Santiago")
CHILE = BusinessCalendar(country="CL", time_zone="America/Santiago")
HOUR = 3600
DAY = 9 * HOUR
THREE_DAYS = 3 * DAY


def santiago(*args: int) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


MONDAY_10 = santiago(2026, 3, 9, 10)


class TestTargetSeconds:
    def test_a_day_is_one_working_day(self):
        assert target_seconds(value=3, unit=TargetUnit.DAYS, calendar=CHILE) == 97_200

    def test_an_hour_is_an_hour(self):
        assert target_seconds(value=5, unit=TargetUnit.HOURS, calendar=CHILE) == 18_000

    def test_rejects_an_unknown_unit(self):
        with pytest.raises(ValueError, match="unit"):
            target_seconds(value=1, unit="weeks", calendar=CHILE)


class TestPercentile:
    def test_is_the_nearest_rank_value(self):
        # 10 values: rank ceil(0.9 * 10) = 9.
        assert percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90) == 9

    def test_rounds_the_rank_up(self):
        # 30 values: the 90th is rank 27, the 95th rank ceil(28.5) = 29.
        values = list(range(1, 31))
        assert percentile(values, 90) == 27
        assert percentile(values, 95) == 29

    def test_the_50th_is_the_lower_median(self):
        assert percentile([4, 1, 3, 2], 50) == 2

    def test_the_100th_is_the_largest(self):
        assert percentile([5, 1, 9], 100) == 9

    def test_needs_values_and_a_sensible_percentage(self):
        with pytest.raises(ValueError, match="no values"):
            percentile([], 90)
        with pytest.raises(ValueError, match="pct"):
            percentile([1], 0)
        with pytest.raises(ValueError, match="pct"):
            percentile([1], 101)


class TestPausesFromStatusChanges:
    def test_a_pause_runs_from_waiting_to_the_answer(self):
        t1, t2, t3, t4 = (santiago(2026, 3, 9, h) for h in (10, 11, 12, 13))
        changes = [
            (t1, S.OPEN, S.IN_PROGRESS),
            (t2, S.IN_PROGRESS, S.WAITING_ON_SELLER),
            (t3, S.WAITING_ON_SELLER, S.IN_PROGRESS),
            (t4, S.IN_PROGRESS, S.WAITING_ON_SELLER),
        ]
        assert pauses_from_status_changes(changes) == [(t2, t3), (t4, None)]

    def test_no_waiting_means_no_pause(self):
        changes = [(MONDAY_10, S.OPEN, S.IN_PROGRESS)]
        assert pauses_from_status_changes(changes) == []

    def test_the_time_a_reopened_case_sat_resolved_is_paused(self):
        t1, t2, t3 = (santiago(2026, 3, 9, h) for h in (10, 11, 12))
        changes = [
            (t1, S.IN_PROGRESS, S.RESOLVED),
            (t2, S.RESOLVED, S.REOPENED),
            (t3, S.REOPENED, S.RESOLVED),
        ]
        assert pauses_from_status_changes(changes) == [(t1, t2), (t3, None)]
