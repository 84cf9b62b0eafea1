"""Issue 16 in the browser: an agent answers with a Respuesta rápida in two clicks, a
colleague who opens the same case sees "Otro agente está viendo este caso" and the first
agent's page shows it without reloading; a lead reads the Tablero del equipo's charts.
No Content-Security-Policy refusal anywhere (the new_page fixture fails the journey)."""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from accounts.tests.factories import AgentFactory
from cases.models import Cause, Comment, QuickReply
from cases.tests.factories import create_case

from .test_agent_journey import log_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fast_heartbeat(monkeypatch):
    monkeypatch.setattr("cases.admin.case.PRESENCE_HEARTBEAT_SECONDS", 1)


class TestTwoAgentsOnOneCase:
    def test_a_quick_reply_in_two_clicks_and_each_sees_the_other(
        self, new_page, shot, seller_user, agent, password, taxonomy, fast_heartbeat
    ):
        cause = Cause.objects.get(name="Etiqueta o manifiesto no se genera")
        case = create_case(
            seller_user,
            cause=cause,
            subject="La etiqueta sale en blanco",
            answers={"order_number": "2026112701", "sku": "SKU-ROJO-42", "courier": "Starken"},
        )
        QuickReply.objects.create(
            title="Revisando la etiqueta",
            body="Hola {nombre_vendedor}, revisamos el caso {numero_caso}. {nombre_agente}",
            cause=cause,
        )
        colleague = AgentFactory(email="beto@soporte.cl", full_name="Beto Rojas")
        first, second = new_page(), new_page()
        url = f"/admin/cases/case/{case.pk}/change/"

        log_in_to_admin(first, agent.email, password)
        first.goto(url)
        expect(first.get_by_text("Otro agente está viendo este caso")).to_be_hidden()

        # Click 1: pick the reply (the box fills); click 2: send it.
        first.get_by_label("Respuestas rápidas").select_option(label="Revisando la etiqueta")
        expected = f"Hola Tienda Uno, revisamos el caso {case.number}. Agente Uno"
        expect(first.get_by_label("Responder")).to_have_value(expected)
        expect(first.get_by_role("button", name="Usar")).to_be_hidden()
        shot("quick-reply-filled", of=first)

        log_in_to_admin(second, colleague.email, password)
        second.goto(url)
        expect(second.get_by_role("status")).to_contain_text(
            "Otro agente está viendo este caso: Agente Uno (desde las"
        )
        shot("colleague-sees-the-agent", of=second)
        # The first agent's page learns it from its heartbeat, without reloading.
        expect(first.get_by_role("status")).to_contain_text(
            "Otro agente está viendo este caso: Beto Rojas (desde las"
        )
        shot("agent-sees-the-colleague", of=first)

        first.get_by_role("button", name="Enviar", exact=True).click()
        expect(first.get_by_text("Respuesta enviada al seller.")).to_be_visible()
        assert Comment.objects.get(case=case, author=agent).body == expected
        assert QuickReply.objects.get().usage_count == 1


class TestTheTeamDashboard:
    def test_a_lead_reads_the_charts(self, new_page, shot, seller_user, agent, password, taxonomy):
        agent.user_permissions.add(Permission.objects.get(codename="view_team_dashboard"))
        create_case(
            seller_user,
            cause=Cause.objects.get(name="Etiqueta o manifiesto no se genera"),
            answers={"order_number": "2026112701", "sku": "SKU-ROJO-42", "courier": "Starken"},
        )
        page = new_page()

        log_in_to_admin(page, agent.email, password)
        page.get_by_role("link", name="Tablero del equipo").click()

        expect(
            page.get_by_role("heading", name="Casos creados y resueltos por día")
        ).to_be_visible()
        expect(page.locator("svg.team-chart rect").first).to_be_attached()
        page.get_by_text("Ver como tabla").first.click()
        expect(page.get_by_role("table").first).to_be_visible()
        shot("team-dashboard", of=page)
