"""Automatic assignment (round-robin among the agents of the case's area and country,
weighted by open cases, away agents skipped), and assigning by hand, one or in bulk."""

import threading
from collections import Counter
from copy import copy
from datetime import UTC, datetime
from http import HTTPStatus

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from accounts.models import Country
from accounts.tests.factories import AgentFactory, SellerFactory, UserFactory
from cases.history import describe_event
from cases.models import AgentScope, Case, CaseEvent, EventKind
from cases.services.assignment import case_assign_automatically
from cases.services.cases import case_change_status
from cases.status import CaseStatus
from cases.tests.factories import AreaFactory, CauseFactory, create_case

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def auto_assign(settings):
    settings.CASES_AUTO_ASSIGN = True


@pytest.fixture
def cause(db):
    return CauseFactory()


def agent_of(name, *, areas=(), countries=(), away=False, **kwargs):
    agent = AgentFactory(email=f"{name.lower()}@soporte.cl", full_name=name, **kwargs)
    scope = AgentScope.objects.create(agent=agent, countries=list(countries), away=away)
    scope.areas.set(areas)
    return agent


def copy_case(case, **changes):
    case = copy(case)
    case.pk = None
    case.assigned_to = None
    for name, value in changes.items():
        setattr(case, name, value)
    return case


class TestAutomaticAssignment:
    def test_a_new_case_goes_to_an_agent_of_its_area_and_country(self, seller_user, cause):
        agent_of("Otra", areas=[AreaFactory()])
        agent_of("Peru", areas=[cause.area], countries=[Country.PERU])
        right = agent_of("Bea", areas=[cause.area], countries=[Country.CHILE])

        case = create_case(seller_user, cause=cause)

        assert case.assigned_to == right
        event = CaseEvent.objects.get(case=case, kind=EventKind.ASSIGNED)
        assert event.actor is None and event.is_internal
        assert describe_event(event) == "Asignado a Bea (automático)"

    def test_away_and_inactive_agents_are_skipped(self, seller_user, cause):
        agent_of("Ausente", away=True)
        agent_of("Inactivo", is_active=False)
        present = agent_of("Presente")

        assert create_case(seller_user, cause=cause).assigned_to == present

    def test_nobody_eligible_leaves_it_unassigned(self, seller_user, cause):
        agent_of("Ausente", away=True)

        case = create_case(seller_user, cause=cause)

        assert case.assigned_to is None
        assert not CaseEvent.objects.filter(case=case, kind=EventKind.ASSIGNED).exists()

    def test_the_setting_turns_it_off(self, settings, seller_user, cause):
        settings.CASES_AUTO_ASSIGN = False
        agent_of("Bea")

        assert create_case(seller_user, cause=cause).assigned_to is None

    def test_the_agent_with_fewer_open_cases_gets_the_next_ones(self, seller_user, cause):
        busy = agent_of("Ocupada")
        for _ in range(3):
            create_case(seller_user, cause=cause)  # all to Ocupada, alone so far
        free = agent_of("Libre")

        assignees = [create_case(seller_user, cause=cause).assigned_to for _ in range(4)]

        assert assignees == [free, free, free, busy]

    @time_machine.travel(NOW, tick=True)
    def test_round_robin_is_fair_over_1000_creations(self, seller_user, cause):
        agents = [agent_of(name) for name in ("Ana", "Beto", "Caro")]
        other_country = agent_of("Peru", countries=[Country.PERU])

        # Simulated creations: the cases inserted in bulk, each then assigned as
        # case_create does (filing 1,000 cases through the wizard's service takes minutes).
        template = create_case(seller_user, cause=cause)
        Case.objects.filter(pk=template.pk).delete()
        cases = Case.objects.bulk_create(
            copy_case(template, number=template.number + n) for n in range(1, 1001)
        )
        for case in cases:
            case_assign_automatically(case=case)

        counts = Counter(Case.objects.values_list("assigned_to", flat=True))
        assert set(counts) == {agent.pk for agent in agents}
        assert max(counts.values()) - min(counts.values()) <= 1
        assert other_country.pk not in counts

    def test_a_reopened_case_stays_with_its_agent_or_goes_to_one_present(self, seller_user, cause):
        first = agent_of("Primera")
        case = create_case(seller_user, cause=cause)
        case_change_status(case=case, to_status=CaseStatus.RESOLVED, actor=first)
        case_change_status(
            case=case, to_status=CaseStatus.REOPENED, actor=seller_user, reason="Sigue igual"
        )
        case.refresh_from_db()
        assert case.assigned_to == first

        case_change_status(case=case, to_status=CaseStatus.RESOLVED, actor=first)
        AgentScope.objects.filter(agent=first).update(away=True)
        second = agent_of("Segunda")
        case_change_status(
            case=case, to_status=CaseStatus.REOPENED, actor=seller_user, reason="Otra vez"
        )

        case.refresh_from_db()
        assert case.assigned_to == second


@pytest.mark.django_db(transaction=True)
class TestConcurrentCreations:
    def test_two_cases_filed_at_once_go_to_different_agents(self, settings):
        settings.CASES_AUTO_ASSIGN = True
        cause = CauseFactory()
        users = [UserFactory(seller=SellerFactory()) for _ in range(2)]
        agents = {agent_of("Ana").pk, agent_of("Beto").pk}
        barrier, results, errors = threading.Barrier(2), [], []

        def file(user):
            try:
                barrier.wait()
                results.append(create_case(user, cause=cause).assigned_to_id)
            except Exception as exc:  # surfaced below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=file, args=(user,)) for user in users]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert not errors
        assert sorted(results) == sorted(agents)


class TestAssigningByHand:
    def test_bulk_assign_asks_for_the_agent_then_assigns_each(self, agent_client, seller_user):
        cases = [create_case(seller_user), create_case(seller_user)]
        other = AgentFactory(email="otra@soporte.cl", full_name="Otra Agente")
        url = reverse("admin:cases_case_changelist")
        selected = {"action": "assign_to", "_selected_action": [c.pk for c in cases]}

        confirm = agent_client.post(url, selected)

        page = confirm.content.decode()
        assert confirm.status_code == HTTPStatus.OK
        assert "Asignar estos 2 casos:" in page
        assert "Nadie (desasignar)" in page
        assert not Case.objects.filter(assigned_to__isnull=False).exists()

        done = agent_client.post(url, {**selected, "confirmado": "1", "assignee": other.pk})

        assert done.status_code == HTTPStatus.FOUND
        assert set(Case.objects.values_list("assigned_to", flat=True)) == {other.pk}
        texts = [describe_event(e) for e in CaseEvent.objects.filter(kind=EventKind.ASSIGNED)]
        assert texts == ["Asignado a Otra Agente"] * 2

    def test_bulk_unassign(self, agent_client, agent, seller_user):
        case = create_case(seller_user)
        Case.objects.filter(pk=case.pk).update(assigned_to=agent)
        url = reverse("admin:cases_case_changelist")

        agent_client.post(
            url,
            {
                "action": "assign_to",
                "_selected_action": [case.pk],
                "confirmado": "1",
                "assignee": "",
            },
        )

        case.refresh_from_db()
        assert case.assigned_to is None
