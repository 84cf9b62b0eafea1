"""Reads behind the estimate: per-cause statistics and the cases the refresh visits."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases.models import Case
from cases.selectors.eta import (
    cases_needing_eta_refresh,
    cause_resolution_stats,
    resolution_samples,
)
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, create_case

# Estimates read the clock: run at each of the frozen instants (root conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_sensitive]
S = CaseStatus
SANTIAGO = ZoneInfo("America/Santiago")
HOUR = 3600


def santiago(*args: int) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


def case_with(user, cause=None, **fields) -> Case:
    case = create_case(user, cause=cause)
    Case.objects.filter(pk=case.pk).update(**fields)
    return case


def resolved(user, cause, *, at, seconds, initial_due_at=None) -> Case:
    return case_with(
        user,
        cause,
        status=S.RESOLVED,
        resolved_at=at,
        resolution_business_seconds=seconds,
        eta_initial_due_at=initial_due_at,
    )


def hand_made_history(user, cause, now):
    """Five cases resolved in the window, one before it, one of another cause, one open."""
    day = timedelta(days=1)
    resolved(user, cause, at=now - 8 * day, seconds=1 * HOUR, initial_due_at=now - 7 * day)
    resolved(user, cause, at=now - 7 * day, seconds=2 * HOUR, initial_due_at=now - 8 * day)
    resolved(user, cause, at=now - 6 * day, seconds=3 * HOUR)
    resolved(user, cause, at=now - 5 * day, seconds=10 * HOUR, initial_due_at=now - 5 * day)
    resolved(user, cause, at=now - 4 * day, seconds=None, initial_due_at=now - 3 * day)
    resolved(user, cause, at=now - 366 * day, seconds=99, initial_due_at=now)
    resolved(user, CauseFactory(), at=now - 4 * day, seconds=5, initial_due_at=now)
    case_with(user, cause, eta_initial_due_at=now)


class TestCauseResolutionStats:
    NOW = santiago(2026, 3, 9, 10)

    def test_counts_the_cases_resolved_in_the_window(self, seller_user, django_assert_num_queries):
        cause = CauseFactory()
        hand_made_history(seller_user, cause, self.NOW)
        with django_assert_num_queries(1):
            stats = cause_resolution_stats(cause=cause, now=self.NOW)
        # Samples 1, 2, 3 and 10 h: median is rank 2 of 4, the 90th rank ceil(3.6) = 4.
        # On time: the 1 h, 10 h (on the dot) and unmeasured ones; the 2 h one was late.
        assert stats == {
            "window_days": 365,
            "sample_size": 4,
            "median_seconds": 2 * HOUR,
            "percentile": 90,
            "p90_seconds": 10 * HOUR,
            "min_samples": 30,
            "is_learned": False,
            "on_time_count": 3,
            "on_time_total": 4,
            "on_time_share": 0.75,
        }

    def test_without_resolved_cases_there_is_nothing_to_say(self):
        stats = cause_resolution_stats(cause=CauseFactory(), now=self.NOW)
        assert (stats["sample_size"], stats["median_seconds"], stats["p90_seconds"]) == (
            0,
            None,
            None,
        )
        assert stats["on_time_share"] is None

    def test_the_samples_are_the_measured_times_in_the_window(self, seller_user):
        cause = CauseFactory()
        hand_made_history(seller_user, cause, self.NOW)
        samples = resolution_samples(cause_id=cause.pk, now=self.NOW)
        assert sorted(samples) == [1 * HOUR, 2 * HOUR, 3 * HOUR, 10 * HOUR]


class TestCasesNeedingEtaRefresh:
    NOW = santiago(2026, 3, 20, 12)

    def test_picks_missing_stale_and_unmeasured_cases_oldest_first(self, seller_user):
        now, hour, day = self.NOW, timedelta(hours=1), timedelta(days=1)
        never_computed = case_with(seller_user)
        case_with(seller_user, eta_computed_at=now - hour, eta_due_at=now + 2 * day)
        newly_overdue = case_with(seller_user, eta_computed_at=now - 3 * day, eta_due_at=now)
        extension_over = case_with(
            seller_user, eta_computed_at=now - day, eta_due_at=now - hour, is_overdue=True
        )
        long_waiting = case_with(
            seller_user,
            status=S.WAITING_ON_SELLER,
            eta_computed_at=now - 13 * hour,
            eta_due_at=now + 2 * day,
        )
        case_with(
            seller_user,
            status=S.WAITING_ON_SELLER,
            eta_computed_at=now - hour,
            eta_due_at=now + 2 * day,
        )
        unmeasured = case_with(
            seller_user,
            status=S.CLOSED,
            resolved_at=now - 2 * day,
            eta_computed_at=now - 2 * day,
            eta_due_at=now - day,
        )
        case_with(
            seller_user,
            status=S.RESOLVED,
            resolved_at=now - 2 * day,
            resolution_business_seconds=HOUR,
            eta_computed_at=now - 4 * day,
            eta_due_at=now - day,
        )

        assert cases_needing_eta_refresh(now=now, limit=10) == [
            never_computed.pk,
            newly_overdue.pk,
            unmeasured.pk,
            extension_over.pk,
            long_waiting.pk,
        ]
        assert cases_needing_eta_refresh(now=now, limit=2) == [
            never_computed.pk,
            newly_overdue.pk,
        ]
