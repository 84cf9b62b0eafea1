"""The estimate itself: pure arithmetic, no database.

Expected values are worked out by hand on the Chilean calendar, 09:00-18:00 (a business
day is 9 h = 32,400 s). March 2026 has no Chilean holiday: Monday 9 to Friday 13 and
Monday 16 are plain working days. Hours below are business hours.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cases.eta.calendar import BusinessCalendar
from cases.eta.estimate import (
    LEARNED,
    TARGET,
    estimate,
    pauses_from_status_changes,
    percentile,
    target_seconds,
)
from cases.models import EtaMethod, TargetUnit
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


def run(*, now, created_at=MONDAY_10, pauses=(), target=THREE_DAYS, samples=(), **options):
    options = {"min_samples": 30, "pct": 90, **options}
    return estimate(
        calendar=CHILE,
        created_at=created_at,
        now=now,
        pauses=list(pauses),
        target_seconds=target,
        samples=list(samples),
        **options,
    )


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


class TestTargetOrLearned:
    # 30 samples: 20 of 2 h, 7 of 10 h, 3 of 40 h. Rank 27 is the last 10 h one.
    THIRTY = [2 * HOUR] * 20 + [10 * HOUR] * 7 + [40 * HOUR] * 3

    def test_with_29_samples_the_cause_target_is_used(self):
        result = run(now=MONDAY_10, samples=self.THIRTY[1:])
        # Monday 10:00 + 3 days = Thursday 10:00.
        assert result.due_at == santiago(2026, 3, 12, 10)
        assert (result.method, result.total_seconds, result.business_days) == (
            TARGET,
            THREE_DAYS,
            3,
        )

    def test_with_30_samples_their_90th_percentile_is_used(self):
        result = run(now=MONDAY_10, samples=self.THIRTY)
        # 10 h from Monday 10:00: 8 h on Monday, 2 h on Tuesday.
        assert result.due_at == santiago(2026, 3, 10, 11)
        assert (result.method, result.total_seconds, result.business_days) == (
            LEARNED,
            36_000,
            2,
        )
        assert not result.is_overdue

    def test_a_learned_zero_does_not_make_a_new_case_late(self):
        # Cases resolved outside working hours measure 0 business seconds.
        result = run(now=MONDAY_10, samples=[0] * 30)
        assert not result.is_overdue
        assert result.due_at == santiago(2026, 3, 9, 10, 0, 1)
        assert (result.method, result.business_days) == (LEARNED, 1)

    def test_the_method_names_are_the_model_choices(self):
        assert {TARGET, LEARNED} == set(EtaMethod.values)


class TestElapsedTime:
    def test_is_subtracted_and_the_due_date_holds(self):
        # Monday 10:00 to Wednesday 15:00 is 8 + 9 + 6 = 23 h: 4 h are left.
        result = run(now=santiago(2026, 3, 11, 15))
        assert result.due_at == santiago(2026, 3, 12, 10)
        assert result.business_days == 1
        assert result.total_seconds == THREE_DAYS

    def test_a_refresh_a_fraction_of_a_second_later_keeps_the_same_due_instant(self):
        # Filed before opening: the clock starts Monday 09:00, 3 days end Wednesday 18:00.
        created = santiago(2026, 3, 9, 8, 0, 0, 250_000)
        result = run(created_at=created, now=santiago(2026, 3, 11, 12, 0, 0, 700_000))
        assert result.due_at == santiago(2026, 3, 11, 18)


class TestPauseAndResume:
    TUESDAY_10 = santiago(2026, 3, 10, 10)
    THURSDAY_10 = santiago(2026, 3, 12, 10)

    def test_an_answered_wait_of_two_days_pushes_the_due_date_by_two_days(self):
        pause = (self.TUESDAY_10, self.THURSDAY_10)
        # Running: Monday 8 h, Tuesday 1 h, Thursday 8 h, Friday 1 h = 18 h; 9 h left.
        result = run(now=santiago(2026, 3, 13, 10), pauses=[pause])
        # Thursday 10:00 without the wait; Monday 16 10:00 with it.
        assert result.due_at == santiago(2026, 3, 16, 10)
        assert result.business_days == 1

    def test_while_waiting_the_due_date_moves_with_time(self):
        pause = (self.TUESDAY_10, None)
        # Only 9 h ran (Monday 8 h, Tuesday 1 h): 18 h are left from each `now`.
        on_thursday = run(now=self.THURSDAY_10, pauses=[pause])
        on_friday = run(now=santiago(2026, 3, 13, 10), pauses=[pause])
        assert on_thursday.due_at == santiago(2026, 3, 16, 10)
        assert on_friday.due_at == santiago(2026, 3, 17, 10)
        assert (on_thursday.business_days, on_friday.business_days) == (2, 2)
        assert not on_friday.is_overdue

    def test_answering_resumes_the_clock(self):
        pause = (self.TUESDAY_10, self.THURSDAY_10)
        later = run(now=santiago(2026, 3, 13, 15), pauses=[pause])
        assert later.due_at == santiago(2026, 3, 16, 10)


class TestOverdue:
    def test_without_slower_cases_it_gets_one_more_business_day(self):
        # Target 1 day (9 h); by Wednesday 12:00, 8 + 9 + 3 = 20 h ran.
        result = run(now=santiago(2026, 3, 11, 12), target=DAY)
        assert result.is_overdue
        # 9 h from Wednesday 12:00: 6 h on Wednesday, 3 h on Thursday.
        assert result.due_at == santiago(2026, 3, 12, 12)
        assert result.business_days == 1
        assert result.total_seconds == 29 * HOUR
        assert result.method == TARGET

    def test_the_extension_is_a_setting(self):
        result = run(now=santiago(2026, 3, 11, 12), target=DAY, overdue_extension_days=2)
        assert result.due_at == santiago(2026, 3, 13, 12)
        assert result.business_days == 2

    def test_with_enough_slower_cases_their_percentile_is_the_new_estimate(self):
        # Median of 6 samples (rank 3) is 1 h, so by Monday 12:00 (2 h) the case is late.
        # Three took longer than 2 h: 10, 12, 20 h; their median (rank 2) is 12 h.
        samples = [HOUR, HOUR, HOUR, 10 * HOUR, 12 * HOUR, 20 * HOUR]
        result = run(now=santiago(2026, 3, 9, 12), samples=samples, min_samples=3, pct=50)
        assert result.is_overdue
        # 12 - 2 = 10 h from Monday 12:00: 6 h on Monday, 4 h on Tuesday.
        assert result.due_at == santiago(2026, 3, 10, 13)
        assert (result.method, result.total_seconds, result.business_days) == (
            LEARNED,
            12 * HOUR,
            2,
        )

    def test_too_few_slower_cases_fall_back_to_the_extension(self):
        samples = [HOUR, HOUR, HOUR, HOUR, 10 * HOUR, 20 * HOUR]
        result = run(now=santiago(2026, 3, 9, 12), samples=samples, min_samples=3, pct=50)
        assert result.is_overdue
        # 9 h from Monday 12:00: 6 h on Monday, 3 h on Tuesday.
        assert result.due_at == santiago(2026, 3, 10, 12)
        assert result.method == LEARNED

    def test_the_new_date_is_never_in_the_past_even_at_night(self):
        saturday_night = santiago(2026, 3, 14, 23)
        result = run(now=saturday_night, target=DAY)
        assert result.is_overdue
        assert result.due_at == santiago(2026, 3, 16, 18)
        assert result.due_at > saturday_night
