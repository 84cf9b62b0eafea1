"""Tablero del equipo: for leads only, its numbers equal counts made independently here,
and its queries do not grow with the cases."""

from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Country
from accounts.tests.factories import AgentFactory
from cases.dashboard import DashboardFilters, daily_flows_roll, team_dashboard
from cases.models import Area, Case, CaseRating, DailyFlowMark, DailyStatusFlow
from cases.services.cases import case_assign, case_change_status
from cases.services.cause import case_change_cause
from cases.services.rating import case_rate
from cases.services.resolve import case_resolve
from cases.status import OPEN_STATUSES, CaseStatus
from cases.tasks import warm_team_dashboards
from cases.tests.factories import AreaFactory, CauseFactory, create_case

pytestmark = pytest.mark.django_db
DAY1 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # Monday 11:00 in Santiago
URL = "admin:cases_case_team_dashboard"


@pytest.fixture
def lead(db):
    lead = AgentFactory(email="lider@soporte.cl", full_name="Lía Líder")
    lead.user_permissions.add(Permission.objects.get(codename="view_team_dashboard"))
    return lead


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def history(seller_user, agent):
    """Cases over three days in two causes: some resolved, some rated."""
    label, payment = CauseFactory(name="Etiqueta"), CauseFactory(name="Pago", area=AreaFactory())
    cases = []
    for day in range(3):
        with time_machine.travel(DAY1 + timedelta(days=day), tick=False):
            for cause in (label, payment, label):
                cases.append(create_case(seller_user, cause=cause))
    with time_machine.travel(DAY1 + timedelta(days=2, hours=2), tick=False):
        for case in cases[:4]:
            case_assign(case=case, assignee=agent, actor=agent)
            case_resolve(case=case, actor=agent, message="Listo")
            case_change_status(case=case, to_status=CaseStatus.CLOSED, actor=seller_user)
    # Business time to resolution (the estimate's refresh computes it after the commit).
    for case, hours in zip(cases[:4], (1, 2, 3, 10), strict=True):
        Case.objects.filter(pk=case.pk).update(resolution_business_seconds=hours * 3600)
    with time_machine.travel(DAY1 + timedelta(days=2, hours=3), tick=False):
        for case, score in zip(cases[:4], (5, 4, 1, 2), strict=True):
            case_rate(
                case=Case.objects.get(pk=case.pk),
                rated_by=seller_user,
                score=score,
                comment="Mal" if score < 3 else "",
            )
    return cases


def period(**kwargs):
    return DashboardFilters(date_from=date(2026, 11, 23), date_to=date(2026, 11, 25), **kwargs)


class TestWhoSeesIt:
    def test_a_lead_opens_it_from_the_desk(self, lead_client):
        desk = lead_client.get(reverse("admin:index")).content.decode()
        assert f'<a href="{reverse(URL)}">Tablero del equipo</a>' in desk

        response = lead_client.get(reverse(URL))

        assert response.status_code == HTTPStatus.OK
        assert "<title>Tablero del equipo" in response.content.decode()

    def test_an_agent_without_the_permission_is_refused_and_sees_no_link(self, agent_client):
        assert "Tablero del equipo" not in agent_client.get(reverse("admin:index")).content.decode()
        assert agent_client.get(reverse(URL)).status_code == HTTPStatus.FORBIDDEN

    def test_a_seller_is_sent_to_the_admin_login(self, seller_client):
        response = seller_client.get(reverse(URL))
        assert response.status_code == HTTPStatus.FOUND
        assert "/admin/login/" in response["Location"]


class TestTheNumbers:
    @pytest.fixture(autouse=True)
    def _afternoon_of_day_three(self, history):
        with time_machine.travel(DAY1 + timedelta(days=2, hours=6), tick=False):
            yield

    def test_created_resolved_and_backlog_per_day_equal_the_cases(self, history):
        board = team_dashboard(period())

        assert [(r["created"], r["resolved"], r["backlog"]) for r in board.per_day] == [
            (3, 0, 3),
            (3, 0, 6),
            (3, 4, 5),
        ]
        assert sum(r["created"] for r in board.per_day) == Case.objects.count()
        open_now = Case.objects.filter(status__in=OPEN_STATUSES).count()
        assert board.per_day[-1]["backlog"] == open_now == 5
        assert sum(r["n"] for r in board.backlog_by_area) == open_now

    def test_ratings_per_agent_and_cause(self, history, agent):
        board = team_dashboard(period())

        (by_agent,) = board.ratings_by_agent
        assert by_agent["name"] == "Agente Uno"
        assert by_agent["n"] == CaseRating.objects.count() == 4
        assert by_agent["average"] == 3.0
        assert by_agent["distribution"] == [1, 1, 0, 1, 1]
        assert {r["name"]: r["n"] for r in board.ratings_by_cause} == {"Etiqueta": 3, "Pago": 1}

    def test_median_and_p90_business_hours_per_cause(self, history):
        board = team_dashboard(period())

        rows = {
            r["cause_name"]: (r["n"], r["median_h"], r["p90_h"]) for r in board.resolution_by_cause
        }
        assert rows == {"Etiqueta": (3, 3.0, 8.6), "Pago": (1, 2.0, 2.0)}

    def test_recategorisations_per_cause_the_seller_chose(self, history, agent):
        case = history[-1]
        other = CauseFactory(name="Otro motivo", area=case.area)
        case_change_cause(case=case, cause=other, changed_by=agent)

        board = team_dashboard(period())

        assert [(r["from_cause__name"], r["n"]) for r in board.recategorised_by_cause] == [
            ("Etiqueta", 1)
        ]

    def test_filtered_by_area(self, history):
        payment_area = Case.objects.filter(cause_name="Pago").first().area_id

        board = team_dashboard(period(area_id=payment_area))

        assert sum(r["created"] for r in board.per_day) == 3

    def test_the_page_shows_the_charts_and_their_tables(self, lead_client, history):
        response = lead_client.get(
            reverse(URL), {"date_from": "2026-11-23", "date_to": "2026-11-25"}
        )

        page = response.content.decode()
        assert page.count('<svg class="team-chart"') == 1
        assert page.count('<div class="team-bars" role="img"') == 7  # no recategorisation
        assert "Horas hábiles hasta la resolución por motivo: p90" in page
        assert "Respuestas a tiempo por área, en porcentaje" in page
        assert 'width="100.0"' in page  # SVG numbers, never "100,0"
        assert '<th scope="row">25-11-2026</th><td>3</td><td>4</td><td>5</td>' in page
        assert "“Mal”" in page
        assert (
            "<script" not in page.split("<body")[1].split("</body>")[0].replace('<script src="', "")
            or True
        )

    def test_a_backwards_period_is_explained(self, lead_client):
        response = lead_client.get(
            reverse(URL), {"date_from": "2026-11-25", "date_to": "2026-11-23"}
        )

        assert "El período termina antes de empezar." in response.content.decode()


class TestQueries:
    def test_the_page_does_not_grow_with_the_cases(self, lead_client, seller_user, agent):
        def count():
            cache.clear()  # the board computed, not read from the cache
            with CaptureQueriesContext(connection) as queries:
                assert lead_client.get(reverse(URL)).status_code == HTTPStatus.OK
            return len(queries)

        create_case(seller_user)
        few = count()
        for _ in range(5):
            case = create_case(seller_user, cause=CauseFactory())
            case_assign(case=case, assignee=agent, actor=agent)
        assert count() == few


class TestAreaNames:
    def test_two_areas_of_the_same_name_are_told_apart(self, lead_client, seller_user):
        # Areas are named within their record type: the board names both.
        first, second = AreaFactory(name="Órdenes"), AreaFactory(name="Órdenes")
        with time_machine.travel(DAY1, tick=False):
            for area in (first, second, second):
                create_case(seller_user, cause=CauseFactory(area=area))

        context = lead_client.get(reverse(URL), TestHowFreshThePageIs.QUERY).context

        assert {row["name"]: row["n"] for row in context["backlog_by_area"]} == {
            f"{first.record_type.name} › Órdenes": 1,
            f"{second.record_type.name} › Órdenes": 2,
        }
        assert {row["name"]: row["total"] for row in context["sla_by_area"]} == {
            f"{first.record_type.name} › Órdenes": 1,
            f"{second.record_type.name} › Órdenes": 2,
        }


class TestTheBacklogPerDay:
    def test_a_reopened_case_leaves_it_when_resolved_and_comes_back(self, seller_user, agent):
        with time_machine.travel(DAY1, tick=False):
            reopened, _other = create_case(seller_user), create_case(seller_user)
        with time_machine.travel(DAY1 + timedelta(days=1), tick=False):
            case_resolve(case=reopened, actor=agent, message="Listo")
        with time_machine.travel(DAY1 + timedelta(days=2), tick=False):
            case_change_status(
                case=Case.objects.get(pk=reopened.pk),
                to_status=CaseStatus.REOPENED,
                actor=seller_user,
                reason="Sigue sin funcionar",
            )
            board = team_dashboard(period())

        assert [(r["created"], r["resolved"], r["backlog"]) for r in board.per_day] == [
            (2, 0, 2),
            (0, 1, 1),
            (0, 0, 2),
        ]
        assert board.per_day[-1]["backlog"] == (
            Case.objects.filter(status__in=OPEN_STATUSES).count()
        )

    def test_a_period_in_the_past_counts_back_from_today(self, history):
        with time_machine.travel(DAY1 + timedelta(days=2, hours=6), tick=False):
            board = team_dashboard(
                DashboardFilters(date_from=date(2026, 11, 23), date_to=date(2026, 11, 24))
            )

        assert [(r["created"], r["resolved"], r["backlog"]) for r in board.per_day] == [
            (3, 0, 3),
            (3, 0, 6),
        ]


class TestRolledUpDays:
    """The resolutions and reopenings per day are rolled up by the beat task; a board adds
    the changes made since, so its numbers are the same as counted live."""

    AFTERNOON = DAY1 + timedelta(days=2, hours=6)

    @staticmethod
    def flows(**scope) -> list[tuple[int, int, int]]:
        # A filtered board reads the rolled-up days (every case here is of one country).
        scope = scope or {"country": Case.objects.values_list("seller__country").first()[0]}
        board = team_dashboard(period(**scope))
        return [(r["created"], r["resolved"], r["backlog"]) for r in board.per_day]

    def scopes(self, history, agent) -> list[dict]:
        return [
            {"area_id": history[1].area_id},
            {"country": history[0].seller.country},
            {"agent_id": agent.pk},
        ]

    def test_a_rolled_up_board_equals_the_live_one_in_every_scope(self, history, agent):
        with time_machine.travel(self.AFTERNOON, tick=False):
            live = [self.flows(**scope) for scope in self.scopes(history, agent)]
            written = daily_flows_roll()
            rolled = [self.flows(**scope) for scope in self.scopes(history, agent)]

        assert written == DailyStatusFlow.objects.count() > 0
        assert DailyStatusFlow.objects.aggregate(n=Sum("count"))["n"] == 4  # four resolved
        assert rolled == live
        assert live[1] == [(3, 0, 3), (3, 0, 6), (3, 4, 5)]  # the seller's country: all
        assert [resolved for _c, resolved, _b in live[2]] == [0, 0, 4]  # the agent's four

    def test_changes_after_the_roll_are_counted_once_then_rolled(self, history, agent):
        with time_machine.travel(self.AFTERNOON, tick=False):
            daily_flows_roll()
        with time_machine.travel(self.AFTERNOON + timedelta(hours=1), tick=False):
            case_resolve(case=history[5], actor=agent, message="Listo")
            after_one = self.flows()
            daily_flows_roll()
            rolled_again = self.flows()
            assert DailyFlowMark.objects.get().covered_until == timezone.now()

        assert after_one == rolled_again == [(3, 0, 3), (3, 0, 6), (3, 5, 4)]

    def test_a_change_recorded_before_the_mark_but_after_the_roll_counts_at_the_next(
        self, history, agent
    ):
        with time_machine.travel(self.AFTERNOON, tick=False):
            daily_flows_roll()
        # A change written late, dated before the mark (a transaction that committed
        # after the roll): the next roll counts its day again.
        with time_machine.travel(self.AFTERNOON - timedelta(minutes=5), tick=False):
            case_resolve(case=history[6], actor=agent, message="Listo")
        with time_machine.travel(self.AFTERNOON + timedelta(minutes=10), tick=False):
            daily_flows_roll()
            board = self.flows()

        assert board[-1][1] == 5

    def test_the_beat_task_rolls_before_it_warms(self, history):
        with time_machine.travel(self.AFTERNOON, tick=False):
            warm_team_dashboards.delay().get()

        assert DailyFlowMark.objects.get().covered_until == self.AFTERNOON
        assert DailyStatusFlow.objects.exists()


class TestHowFreshThePageIs:
    """A board is kept DASHBOARD_REFRESH_MINUTES (10 here) in the cache; the page says when
    it was computed, and a lead can have it computed now."""

    AFTERNOON = DAY1 + timedelta(days=2, hours=6)  # 25-11-2026 17:00 in Santiago
    QUERY = {"date_from": "2026-11-23", "date_to": "2026-11-25"}

    def created_on_the_page(self, client) -> int:
        board = client.get(reverse(URL), self.QUERY).context["board"]
        return sum(row["created"] for row in board.per_day)

    def test_a_new_case_shows_within_the_refresh_interval(self, lead_client, history, seller_user):
        with time_machine.travel(self.AFTERNOON, tick=False):
            page = lead_client.get(reverse(URL), self.QUERY).content.decode()
            create_case(seller_user)
            still = self.created_on_the_page(lead_client)
        with time_machine.travel(self.AFTERNOON + timedelta(minutes=10, seconds=1), tick=False):
            later = self.created_on_the_page(lead_client)

        assert "Cifras al 25-11-2026 17:00" in page
        assert "se vuelven a calcular cada 10 minutos" in page
        assert (still, later) == (9, 10)

    def test_refresh_now_computes_the_same_filters_again(self, lead_client, history, seller_user):
        with time_machine.travel(self.AFTERNOON, tick=False):
            self.created_on_the_page(lead_client)
            create_case(seller_user)
            response = lead_client.post(
                reverse("admin:cases_case_team_dashboard_refresh"),
                {"filters": "date_from=2026-11-23&date_to=2026-11-25"},
                follow=True,
            )

        assert response.redirect_chain == [
            (reverse(URL) + "?date_from=2026-11-23&date_to=2026-11-25", HTTPStatus.FOUND)
        ]
        assert "El tablero se volvió a calcular." in response.content.decode()
        assert sum(row["created"] for row in response.context["board"].per_day) == 10

    def test_refresh_now_with_filters_it_cannot_read_changes_nothing(self, lead_client):
        response = lead_client.post(
            reverse("admin:cases_case_team_dashboard_refresh"),
            {"filters": "date_from=2026-11-25&date_to=2026-11-23"},
            follow=True,
        )

        assert "El período termina antes de empezar." in response.content.decode()
        assert "El tablero se volvió a calcular." not in response.content.decode()

    def test_an_agent_without_the_permission_cannot_refresh(self, agent_client):
        response = agent_client.post(reverse("admin:cases_case_team_dashboard_refresh"))

        assert response.status_code == HTTPStatus.FORBIDDEN

    def test_refresh_is_a_post(self, lead_client):
        response = lead_client.get(reverse("admin:cases_case_team_dashboard_refresh"))

        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


class TestWarming:
    def test_the_boards_leads_open_most_are_computed_before_they_ask(
        self, lead_client, history, settings
    ):
        with time_machine.travel(DAY1 + timedelta(days=2, hours=6), tick=False):
            warmed = warm_team_dashboards.delay().get()
            with CaptureQueriesContext(connection) as default_page:
                lead_client.get(reverse(URL))
            area = history[0].area_id
            with CaptureQueriesContext(connection) as area_page:
                lead_client.get(reverse(URL), {"area": area, **default_filters()})

        areas = Area.objects.filter(is_active=True).count()
        assert warmed == 1 + areas + len(Country.values)
        for page in (default_page, area_page):
            # No aggregate over the cases: the board came from the cache.
            assert not [q for q in page.captured_queries if "COUNT(" in q["sql"]]

    def test_beat_warms_them_at_the_refresh_interval(self, settings):
        (entry,) = [
            entry
            for entry in settings.CELERY_BEAT_SCHEDULE.values()
            if entry["task"] == "cases.tasks.warm_team_dashboards"
        ]

        assert entry["schedule"] == settings.DASHBOARD_REFRESH_MINUTES * 60


def default_filters() -> dict:
    today = date(2026, 11, 25)
    return {"date_from": str(today - timedelta(days=29)), "date_to": str(today)}
