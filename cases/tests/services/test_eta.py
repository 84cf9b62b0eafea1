"""Computing and storing the estimate of real cases (cases.services.case_refresh_eta).

Histories are built with the services; their times are then moved into the past with
queryset updates, and every refresh gets a fixed `now`. Expected values are worked out by
hand: 09:00-18:00 (a business day is 9 h), March 2026 has no Chilean holiday, and Chile
celebrates 18 and 19 September 2026 (Friday, Saturday) while Peru does not.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Country
from accounts.tests.factories import SellerFactory, UserFactory
from cases.models import Case, CaseEvent, EtaMethod, EventKind, TargetUnit
from cases.services.cases import case_assign, case_change_status
from cases.services.eta import case_refresh_eta
from cases.services.pending_tasks import task_answer, task_open
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, create_case

# Estimates read the clock: run at each of the frozen instants (root conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.clock_sensitive]
S = CaseStatus
SANTIAGO = ZoneInfo("America/Santiago")
LIMA = ZoneInfo("America/Lima")
HOUR = 3600


def santiago(*args: int) -> datetime:
    return datetime(*args, tzinfo=SANTIAGO)


MONDAY_10 = santiago(2026, 3, 9, 10)
TUESDAY_10 = santiago(2026, 3, 10, 10)
THURSDAY_10 = santiago(2026, 3, 12, 10)
FRIDAY_10 = santiago(2026, 3, 13, 10)


@pytest.fixture
def cause():
    return CauseFactory(target_value=3, target_unit=TargetUnit.DAYS)


def filed(user, cause, at: datetime) -> Case:
    """A case filed through the service, as if at `at`."""
    case = create_case(user, cause=cause)
    Case.objects.filter(pk=case.pk).update(created_at=at, updated_at=at)
    CaseEvent.objects.filter(case=case).update(created_at=at)
    return case


def status_changed_at(case: Case, at: datetime) -> None:
    """Move the case's latest status change to `at`."""
    event = CaseEvent.objects.filter(case=case, kind=EventKind.STATUS_CHANGED).latest("id")
    CaseEvent.objects.filter(pk=event.pk).update(created_at=at)


def resolved_history(user, cause, seconds: list[int], *, resolved_at: datetime) -> None:
    """Cases of `cause` filed a week before `resolved_at` and resolved then, with their
    measured business time."""
    for value in seconds:
        case = create_case(user, cause=cause)
        Case.objects.filter(pk=case.pk).update(
            status=S.RESOLVED,
            created_at=resolved_at - timedelta(days=7),
            resolved_at=resolved_at,
            resolution_business_seconds=value,
        )


def eta_events(case: Case) -> list[dict]:
    return list(
        CaseEvent.objects.filter(case=case, kind=EventKind.ETA_CHANGED)
        .order_by("id")
        .values_list("data", flat=True)
    )


class TestTargetOrLearned:
    # 17 cases of 2 h, 3 of 10 h: the split-conformal rank is the ⌈21·0.9⌉ = 19th of 20: 10 h.
    TWENTY = [2 * HOUR] * 17 + [10 * HOUR] * 3
    LAST_WEEK = santiago(2026, 3, 2, 12)

    @pytest.fixture(autouse=True)
    def learn_from_20_cases_of_180_days(self, settings):
        settings.ETA_LEARNED_MIN_SAMPLES = 20
        settings.ETA_LEARNED_WINDOW_DAYS = 180

    def test_19_resolved_cases_are_not_enough_and_the_target_is_used(self, seller_user, cause):
        resolved_history(seller_user, cause, self.TWENTY[1:], resolved_at=self.LAST_WEEK)
        case = filed(seller_user, cause, MONDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        assert case.eta_due_at == THURSDAY_10
        assert case.eta_method == EtaMethod.TARGET
        assert case.eta_target_seconds == 97_200

    def test_20_resolved_cases_give_their_conformal_90th_percentile(self, seller_user, cause):
        resolved_history(seller_user, cause, self.TWENTY, resolved_at=self.LAST_WEEK)
        case = filed(seller_user, cause, MONDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        # 10 h from Monday 10:00: 8 h on Monday, 2 h on Tuesday.
        assert case.eta_due_at == santiago(2026, 3, 10, 11)
        assert case.eta_method == EtaMethod.LEARNED
        assert case.eta_target_seconds == 36_000
        assert case.eta_computed_at == MONDAY_10
        assert case.eta_initial_due_at == santiago(2026, 3, 10, 11)
        assert not case.is_overdue

    def test_cases_filed_before_the_window_do_not_count(self, seller_user, cause):
        resolved_history(seller_user, cause, self.TWENTY[1:], resolved_at=self.LAST_WEEK)
        resolved_history(
            seller_user, cause, [2 * HOUR], resolved_at=MONDAY_10 - timedelta(days=181)
        )
        case = filed(seller_user, cause, MONDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        assert case.eta_method == EtaMethod.TARGET

    def test_a_cause_without_history_learns_from_its_area_in_units_of_targets(
        self, seller_user, cause
    ):
        # A sibling cause with a 1-day target whose cases took 2 days: "two targets".
        sibling = CauseFactory(area=cause.area, target_value=1, target_unit=TargetUnit.DAYS)
        resolved_history(seller_user, sibling, [18 * HOUR] * 20, resolved_at=self.LAST_WEEK)
        case = filed(seller_user, cause, MONDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        assert case.eta_method == EtaMethod.AREA
        assert case.eta_target_seconds == 2 * 97_200  # Two of its own 3-day targets.

    def test_other_record_types_do_not_count(self, seller_user, cause):
        resolved_history(seller_user, CauseFactory(), self.TWENTY, resolved_at=self.LAST_WEEK)
        case = filed(seller_user, cause, MONDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        assert case.eta_method == EtaMethod.TARGET


class TestPauseAndResume:
    def test_waiting_two_business_days_pushes_the_due_date_by_two_days(
        self, seller_user, agent, cause
    ):
        case = filed(seller_user, cause, MONDAY_10)
        assert case_refresh_eta(case_id=case.pk, now=MONDAY_10).eta_due_at == THURSDAY_10

        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        status_changed_at(case, TUESDAY_10)
        # Waiting since Tuesday 10:00: 9 h ran, 18 h are left from Thursday 10:00.
        waiting = case_refresh_eta(case_id=case.pk, now=THURSDAY_10)
        assert waiting.status == S.WAITING_ON_SELLER
        assert waiting.eta_due_at == santiago(2026, 3, 16, 10)

        task_answer(task=task, answered_by=seller_user, answer_text="Adjunto la boleta.")
        status_changed_at(case, THURSDAY_10)
        # Answered Thursday 10:00: the clock runs again (8 + 1 + 8 + 1 = 18 h by Friday).
        resumed = case_refresh_eta(case_id=case.pk, now=FRIDAY_10)
        assert resumed.status == S.IN_PROGRESS
        assert resumed.eta_due_at == santiago(2026, 3, 16, 10)
        later = case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 13, 15))
        assert later.eta_due_at == santiago(2026, 3, 16, 10)
        assert later.eta_initial_due_at == THURSDAY_10

    def test_a_waiting_case_does_not_fill_the_history_with_a_drifting_date(
        self, seller_user, agent, cause
    ):
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        status_changed_at(case, MONDAY_10)

        for day in (10, 11, 12, 13):
            case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, day, 10))

        assert [e["display"] for e in eta_events(case)] == ["12-03-2026"]
        task_answer(task=task, answered_by=seller_user, answer_text="Adjunto.")
        status_changed_at(case, FRIDAY_10)
        case_refresh_eta(case_id=case.pk, now=FRIDAY_10)
        assert [e["display"] for e in eta_events(case)][-1] == "18-03-2026"


class TestHolidays:
    def test_the_sellers_country_holidays_move_the_due_date(self, seller_user):
        cause = CauseFactory(target_value=1, target_unit=TargetUnit.DAYS)
        peru_user = UserFactory(seller=SellerFactory(country=Country.PERU))
        assert seller_user.seller.country == Country.CHILE
        chile_case = filed(seller_user, cause, santiago(2026, 9, 17, 10))
        lima_thursday = datetime(2026, 9, 17, 10, tzinfo=LIMA)
        peru_case = filed(peru_user, cause, lima_thursday)

        chile_case = case_refresh_eta(case_id=chile_case.pk, now=santiago(2026, 9, 17, 10))
        peru_case = case_refresh_eta(case_id=peru_case.pk, now=lima_thursday)

        # Chile: Friday 18 and Saturday 19 are holidays, so the day ends Monday 21 10:00.
        assert chile_case.eta_due_at == santiago(2026, 9, 21, 10)
        assert peru_case.eta_due_at == datetime(2026, 9, 18, 10, tzinfo=LIMA)
        assert eta_events(chile_case)[0]["display"] == "21-09-2026"
        assert eta_events(peru_case)[0]["display"] == "18-09-2026"


class TestOverdue:
    def test_without_history_the_new_date_is_as_long_again_not_one_more_day(self, seller_user):
        cause = CauseFactory(target_value=1, target_unit=TargetUnit.DAYS)
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        # 9 h by Tuesday 10:00 ran out long ago: 20 h ran by Wednesday 12:00, so 20 h more:
        # Wednesday 6 h, Thursday 9 h, Friday 5 h.
        case = case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 11, 12))
        assert case.is_overdue
        assert case.eta_due_at == santiago(2026, 3, 13, 14)
        assert case.eta_target_seconds == 40 * HOUR
        assert case.eta_initial_due_at == TUESDAY_10
        last = eta_events(case)[-1]
        assert (last["reason"], last["overdue"], last["display"], last["previous_display"]) == (
            "overdue",
            True,
            "13-03-2026",
            "10-03-2026",
        )

    def test_the_slower_past_cases_give_the_new_date(self, seller_user, cause, settings):
        settings.ETA_LEARNED_MIN_SAMPLES = 20
        settings.ETA_LEARNED_PERCENTILE = 50
        settings.ETA_OVERDUE_MIN_SLOWER_CASES = 3
        hours = [1] * 20 + [10, 12, 20]
        resolved_history(
            seller_user, cause, [h * HOUR for h in hours], resolved_at=santiago(2026, 3, 2, 12)
        )
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        # 1 h ran out by Monday 12:00; of the 3 slower cases, the ⌈4·0.5⌉ = 2nd: 12 h.
        case = case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 9, 12))
        assert case.is_overdue
        assert case.eta_due_at == santiago(2026, 3, 10, 13)
        assert case.eta_method == EtaMethod.LEARNED
        assert case.eta_target_seconds == 12 * HOUR

    def test_a_new_date_met_is_kept_until_it_runs_out_too(self, seller_user):
        cause = CauseFactory(target_value=1, target_unit=TargetUnit.DAYS)
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 11, 12))
        case = case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 12, 17))
        assert case.eta_due_at == santiago(2026, 3, 13, 14)
        assert [e["reason"] for e in eta_events(case)] == ["created", "overdue"]


class TestStableDate:
    """The date moves only for what the seller sees: not for an agent, a reply, or the
    cause's cases resolved meanwhile."""

    def test_assigning_an_agent_keeps_the_date_though_the_cause_learned_meanwhile(
        self, seller_user, agent, cause
    ):
        case = filed(seller_user, cause, MONDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        promised = case.eta_due_at
        resolved_history(seller_user, cause, [HOUR] * 30, resolved_at=MONDAY_10)
        case_assign(case=case, assignee=agent, actor=agent)
        status_changed_at(case, TUESDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=TUESDAY_10)
        assert case.status == S.IN_PROGRESS
        assert case.eta_due_at == promised == THURSDAY_10
        assert [e["reason"] for e in eta_events(case)] == ["created"]

    def test_opening_a_task_does_not_move_the_date_when_it_opens(self, seller_user, agent, cause):
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        resolved_history(seller_user, cause, [HOUR] * 30, resolved_at=MONDAY_10)
        task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        status_changed_at(case, TUESDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=TUESDAY_10)
        assert case.eta_due_at == THURSDAY_10
        assert len(eta_events(case)) == 1

    def test_after_a_wait_the_history_says_why_the_date_moved(self, seller_user, agent, cause):
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        status_changed_at(case, TUESDAY_10)
        task_answer(task=task, answered_by=seller_user, answer_text="Adjunto la boleta.")
        status_changed_at(case, THURSDAY_10)
        case_refresh_eta(case_id=case.pk, now=THURSDAY_10)
        assert [(e["reason"], e["display"]) for e in eta_events(case)] == [
            ("created", "12-03-2026"),
            ("waited", "16-03-2026"),
        ]


class TestResolvedCase:
    def test_gets_its_business_time_to_resolution_without_the_wait(self, seller_user, agent, cause):
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        status_changed_at(case, TUESDAY_10)
        task_answer(task=task, answered_by=seller_user, answer_text="Adjunto la boleta.")
        status_changed_at(case, THURSDAY_10)
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        friday_12 = santiago(2026, 3, 13, 12)
        status_changed_at(case, friday_12)
        Case.objects.filter(pk=case.pk).update(resolved_at=friday_12, is_overdue=True)

        case = case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 20, 12))
        # Monday 8 h, Tuesday 1 h, Thursday 8 h, Friday 3 h.
        assert case.resolution_business_seconds == 20 * HOUR
        assert not case.is_overdue
        assert case.eta_due_at == THURSDAY_10  # The last estimate stays.
        assert case.eta_computed_at == MONDAY_10

    def test_a_reopened_case_resumes_where_its_clock_stopped(self, seller_user, agent, cause):
        case = filed(seller_user, cause, MONDAY_10)
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        status_changed_at(case, TUESDAY_10)
        case_change_status(case=case, to_status=S.REOPENED, actor=agent)
        status_changed_at(case, THURSDAY_10)
        # 9 h ran before it was resolved; 18 h are left from Thursday 10:00.
        case = case_refresh_eta(case_id=case.pk, now=THURSDAY_10)
        assert case.eta_due_at == santiago(2026, 3, 16, 10)
        assert not case.is_overdue

    def test_a_reopened_case_gets_a_whole_new_estimate_from_the_reopening(
        self, seller_user, agent, cause
    ):
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        case_change_status(case=case, to_status=S.RESOLVED, actor=agent)
        status_changed_at(case, TUESDAY_10)
        case_change_status(case=case, to_status=S.REOPENED, actor=agent)
        status_changed_at(case, THURSDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=THURSDAY_10)
        # Its 3-day target again from Thursday 10:00: Tuesday 17 March 10:00.
        assert case.eta_due_at == santiago(2026, 3, 17, 10)
        assert case.eta_target_seconds == 9 * HOUR + 97_200
        assert [e["reason"] for e in eta_events(case)] == ["created", "reopened"]


class TestRefreshingAgain:
    def test_writes_the_seller_event_once_and_nothing_on_an_unchanged_refresh(
        self, seller_user, cause
    ):
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        with CaptureQueriesContext(connection) as queries:
            case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
        assert eta_events(case) == [
            {
                "due_at": "2026-03-12T10:00:00-03:00",
                "display": "12-03-2026",
                "reason": "created",
                "total_seconds": 97_200,
                "method": "target",
                "overdue": False,
                "previous_display": "",
            }
        ]

    def test_a_later_refresh_with_the_same_date_writes_no_event(self, seller_user, cause):
        case = filed(seller_user, cause, MONDAY_10)
        case_refresh_eta(case_id=case.pk, now=MONDAY_10)
        case = case_refresh_eta(case_id=case.pk, now=santiago(2026, 3, 11, 15))
        assert case.eta_computed_at == santiago(2026, 3, 11, 15)
        assert len(eta_events(case)) == 1
