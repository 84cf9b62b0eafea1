"""Support's service-level clock: due in business hours of the seller's calendar, paused
while the case waits on the seller, late replies recorded on the case."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.clocks import time_left_text
from cases.models import Case
from cases.services.pending_tasks import task_answer, task_open
from cases.status import WaitingOn
from cases.tests.factories import CauseFactory, create_case

pytestmark = pytest.mark.django_db
SANTIAGO = ZoneInfo("America/Santiago")


def at(*args) -> datetime:
    """A moment in Santiago (the demo sellers' time zone)."""
    return datetime(*args, tzinfo=SANTIAGO)


@pytest.fixture
def cause():
    # 8 business hours for the first reply, 4 for each next one.
    return CauseFactory(first_response_hours=8, next_response_hours=4)


def filed_at(moment, seller_user, cause) -> Case:
    with time_machine.travel(moment, tick=False):
        return create_case(seller_user, cause=cause)


class TestTheFirstResponseClock:
    def test_runs_in_business_hours(self, seller_user, cause):
        case = filed_at(at(2026, 11, 25, 10, 0), seller_user, cause)  # a Wednesday

        assert case.waiting_on == WaitingOn.SUPPORT
        # 10:00-18:00 is the whole target: due at the day's closing time.
        assert case.response_due_at == at(2026, 11, 25, 18, 0)

    def test_skips_the_weekend(self, seller_user, cause):
        case = filed_at(at(2026, 11, 27, 17, 0), seller_user, cause)  # a Friday

        # One hour on Friday, seven on Monday.
        assert case.response_due_at == at(2026, 11, 30, 16, 0)

    def test_skips_a_holiday(self, seller_user, cause):
        # Tuesday 8 December 2026 is a national holiday in Chile (Inmaculada Concepción).
        case = filed_at(at(2026, 12, 7, 17, 0), seller_user, cause)

        assert case.response_due_at == at(2026, 12, 9, 16, 0)

    def test_takes_the_record_types_target_when_the_cause_has_none(self, seller_user):
        cause = CauseFactory()
        cause.area.record_type.first_response_hours = 2
        cause.area.record_type.save()

        case = filed_at(at(2026, 11, 25, 10, 0), seller_user, cause)

        assert case.response_due_at == at(2026, 11, 25, 12, 0)

    def test_takes_the_sites_default_without_any_target(self, settings, seller_user):
        settings.CASE_FIRST_RESPONSE_HOURS = 3

        case = filed_at(at(2026, 11, 25, 10, 0), seller_user, CauseFactory())

        assert case.response_due_at == at(2026, 11, 25, 13, 0)


class TestThePause:
    def test_stops_while_waiting_on_the_seller_and_restarts_with_the_next_target(
        self, seller_user, agent, cause
    ):
        case = filed_at(at(2026, 11, 25, 10, 0), seller_user, cause)
        with time_machine.travel(at(2026, 11, 25, 11, 0), tick=False):
            task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        case.refresh_from_db()
        assert case.waiting_on == WaitingOn.SELLER
        assert case.response_due_at is None  # paused: the seller's days never count

        with time_machine.travel(at(2026, 11, 30, 16, 0), tick=False):  # next Monday
            task_answer(task=task, answered_by=seller_user, answer_text="Adjunta.")

        case.refresh_from_db()
        assert case.waiting_on == WaitingOn.SUPPORT
        # Four business hours from Monday 16:00: two on Monday, two on Tuesday.
        assert case.response_due_at == at(2026, 12, 1, 11, 0)
        assert case.response_breaches == 0

    def test_a_reply_after_the_due_moment_is_recorded_as_late(self, seller_user, agent, cause):
        case = filed_at(at(2026, 11, 25, 10, 0), seller_user, cause)

        with time_machine.travel(at(2026, 11, 26, 10, 0), tick=False):  # a day later
            task_open(case=case, requested_by=agent, request_text="Envía la boleta.")

        case.refresh_from_db()
        assert case.response_breaches == 1

    def test_a_reply_in_time_is_not(self, seller_user, agent, cause):
        case = filed_at(at(2026, 11, 25, 10, 0), seller_user, cause)

        with time_machine.travel(at(2026, 11, 25, 17, 0), tick=False):
            task_open(case=case, requested_by=agent, request_text="Envía la boleta.")

        case.refresh_from_db()
        assert case.response_breaches == 0


class TestTheTimeLeftInWords:
    NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)

    @pytest.mark.parametrize(
        ("due", "text"),
        [
            (timedelta(minutes=30), "Vence en 30 min"),
            (timedelta(hours=3, minutes=20), "Vence en 3 horas 20 min"),
            (timedelta(hours=1), "Vence en 1 hora"),
            (timedelta(days=2, hours=1), "Vence en 2 días"),
            (-timedelta(hours=2), "Vencido hace 2 horas"),
            (-timedelta(days=1, hours=3), "Vencido hace 1 día"),
        ],
    )
    def test_says_due_in_or_overdue_by(self, due, text):
        assert time_left_text(self.NOW + due, self.NOW) == text

    def test_says_nothing_without_a_running_clock(self):
        assert time_left_text(None, self.NOW) == ""
