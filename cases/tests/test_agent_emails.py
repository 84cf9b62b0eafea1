"""Agents are told: when a seller writes, answers a request or reopens, the assignee (or,
unassigned, the agents who work the case's area) gets one email per event, unless they
switched that email off; the periodic check warns once before a reply is due and once
when it is late."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.roles import support_group
from accounts.tests.factories import UserFactory
from cases import emails
from cases.models import AgentScope, Case
from cases.services.cases import case_assign, case_change_status
from cases.services.clocks import response_clocks_check
from cases.services.pending_tasks import task_answer
from cases.services.resolve import case_resolve
from cases.services.seller_messages import seller_message_add
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, case_in_status, create_case
from notifications.models import OutboundEmail
from notifications.services import preference_set

pytestmark = pytest.mark.django_db
S = CaseStatus
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Santiago


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def sent_to(user, kind) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(to_email=user.email, kind=kind))


def make_agent(**kwargs):
    agent = UserFactory(seller=None, is_staff=True, **kwargs)
    agent.groups.add(support_group())
    return agent


class TestWhenASellerWrites:
    def test_the_assignee_gets_one_email_with_the_message(
        self, seller_user, agent, django_capture_on_commit_callbacks
    ):
        case = create_case(seller_user)
        case_assign(case=case, assignee=agent, actor=agent)
        other = make_agent()

        with django_capture_on_commit_callbacks(execute=True):
            comment = seller_message_add(case=case, author=seller_user, body="¿Novedades?")
        emails.agent_seller_wrote(comment)  # built again (a retried task): still one

        (email,) = sent_to(agent, emails.AGENT_SELLER_WROTE)
        assert str(case.number) in email.subject
        assert "¿Novedades?" in email.body_text
        assert reverse("admin:cases_case_change", args=[case.pk]) in email.body_text
        assert sent_to(other, emails.AGENT_SELLER_WROTE) == []
        assert sent_to(seller_user, emails.AGENT_SELLER_WROTE) == []

    def test_an_unassigned_case_tells_the_agents_of_its_area(self, seller_user, agent):
        cause, elsewhere = CauseFactory(), CauseFactory()
        other_area = make_agent()
        AgentScope.objects.create(agent=other_area).areas.set([elsewhere.area])
        its_area = make_agent()
        AgentScope.objects.create(agent=its_area, countries=["CL"]).areas.set([cause.area])
        case = create_case(seller_user, cause=cause)

        seller_message_add(case=case, author=seller_user, body="¿Novedades?")

        assert len(sent_to(its_area, emails.AGENT_SELLER_WROTE)) == 1
        assert sent_to(other_area, emails.AGENT_SELLER_WROTE) == []
        # The fixture's agent has no areas: they work every area.
        assert len(sent_to(agent, emails.AGENT_SELLER_WROTE)) == 1

    def test_an_agent_can_switch_it_off(self, seller_user, agent):
        case = create_case(seller_user)
        case_assign(case=case, assignee=agent, actor=agent)
        preference_set(user=agent, kind=emails.AGENT_SELLER_WROTE, enabled=False)

        seller_message_add(case=case, author=seller_user, body="¿Novedades?")

        assert sent_to(agent, emails.AGENT_SELLER_WROTE) == []

    def test_the_agents_preferences_page_offers_the_agents_emails_only(
        self, client, agent, seller_user
    ):
        client.force_login(agent)
        agents_page = client.get(reverse("notifications:preferences")).content.decode()
        client.force_login(seller_user)
        sellers_page = client.get(reverse("notifications:preferences")).content.decode()

        assert "Un seller escribió en un caso" in agents_page
        assert "Soporte respondió tu caso" not in agents_page
        assert "Un seller escribió en un caso" not in sellers_page

    def test_an_answered_request_and_a_reopening_tell_the_assignee(self, seller_user, agent):
        waiting = case_in_status(seller_user, agent, S.WAITING_ON_SELLER)
        case_assign(case=waiting, assignee=agent, actor=agent)
        resolved = case_in_status(seller_user, agent, S.RESOLVED)
        case_assign(case=resolved, assignee=agent, actor=agent)

        task_answer(task=waiting.tasks.get(), answered_by=seller_user, answer_text="Adjunta.")
        case_change_status(
            case=resolved, to_status=S.REOPENED, actor=seller_user, reason="Sigue igual."
        )

        (answered,) = sent_to(agent, emails.AGENT_TASK_ANSWERED)
        assert "Adjunta." in answered.body_text
        (reopened,) = sent_to(agent, emails.AGENT_CASE_REOPENED)
        assert "Sigue igual." in reopened.body_text

    def test_the_agents_own_actions_tell_nobody(self, seller_user, agent):
        case = create_case(seller_user)
        case_assign(case=case, assignee=agent, actor=agent)

        case_resolve(case=case, actor=agent, message="Listo.")

        assert not OutboundEmail.objects.filter(to_email=agent.email).exists()


class TestTheResolution:
    def test_the_sellers_email_carries_the_message(self, seller_user, agent):
        case = create_case(seller_user)

        case_resolve(case=case, actor=agent, message="Reprocesamos tu pago: llega mañana.")

        (email,) = sent_to(seller_user, emails.CASE_RESOLVED)
        assert "Reprocesamos tu pago: llega mañana." in email.body_text
        # One email: the resolution is not also sent as "Soporte respondió tu caso".
        assert sent_to(seller_user, emails.SUPPORT_REPLIED) == []


class TestTheClockCheck:
    def test_warns_once_when_due_soon_and_once_when_late(self, seller_user, agent):
        case = create_case(seller_user)
        case_assign(case=case, assignee=agent, actor=agent)
        Case.objects.filter(pk=case.pk).update(response_due_at=NOW + timedelta(hours=1))

        response_clocks_check(now=NOW)
        response_clocks_check(now=NOW + timedelta(minutes=5))
        assert len(sent_to(agent, emails.AGENT_REPLY_DUE_SOON)) == 1
        assert sent_to(agent, emails.AGENT_REPLY_OVERDUE) == []

        response_clocks_check(now=NOW + timedelta(hours=2))
        response_clocks_check(now=NOW + timedelta(hours=3))

        (late,) = sent_to(agent, emails.AGENT_REPLY_OVERDUE)
        assert str(case.number) in late.subject
        case.refresh_from_db()
        assert (case.response_alert, case.response_breaches) == ("breached", 1)

    def test_a_late_reply_counts_once(self, seller_user, agent):
        case = create_case(seller_user)
        Case.objects.filter(pk=case.pk).update(response_due_at=NOW - timedelta(hours=1))
        response_clocks_check(now=NOW)

        case_resolve(case=case, actor=agent, message="Listo.")

        case.refresh_from_db()
        assert case.response_breaches == 1

    def test_leaves_cases_waiting_on_the_seller_alone(self, seller_user, agent):
        case = case_in_status(seller_user, agent, S.WAITING_ON_SELLER)

        assert response_clocks_check(now=NOW + timedelta(days=30)) == 0
        assert not OutboundEmail.objects.filter(kind=emails.AGENT_REPLY_OVERDUE).exists()
        case.refresh_from_db()
        assert case.response_breaches == 0

    def test_starts_the_clock_of_a_case_that_had_none(self, seller_user):
        case = create_case(seller_user)
        Case.objects.filter(pk=case.pk).update(response_due_at=None)

        response_clocks_check(now=NOW)

        case.refresh_from_db()
        assert case.response_due_at is not None
