"""Issue 21: a seller says what happened in their own words, the wizard suggests the
reason, and picking it lands on that cause's form with the text as the description; with
JavaScript (as they type, on a phone too) and without it (a plain form post)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, Cause
from cases.services.cases import case_change_status
from cases.services.comments import comment_add
from cases.status import CaseStatus
from cases.tests.factories import create_case
from supportcenter.tests.e2e_fixtures import DESKTOP, PHONE

from .helpers import (
    STEPS,
    SUMMARY,
    assert_accessible,
    assert_fits_the_screen,
    expect_step,
    log_in,
)
from .test_agent_journey import log_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = "el courier no vino a retirar los pedidos"
COURIER = re.compile(r"Solicitud › Órdenes y despacho › El courier no retiró")


def file_the_case(page, shot) -> None:
    """On the courier cause's form, with the description already there: answer and file."""
    expect(page.get_by_label("Describe qué pasó")).to_have_value(TEXT)
    page.get_by_label("Número de orden").fill("2026112701")
    page.get_by_label("Courier").select_option("Starken")
    page.get_by_label("Número de guía").fill("GUIA-4501")
    page.get_by_label("Fecha límite de despacho").fill(timezone.localdate().isoformat())
    page.get_by_label("Asunto").fill("Retiro no realizado")
    shot("datos-filled")
    page.get_by_role("button", name="Continuar").click()
    expect_step(page, SUMMARY)
    page.get_by_role("button", name="Confirmar y crear el caso").click()
    expect(page.get_by_text("Número de caso")).to_be_visible()


class TestASellerSaysWhatHappened:
    @pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
    def test_suggestions_come_as_they_type_and_picking_one_files_the_case(
        self, new_page, shot, seller_user, password, taxonomy, viewport
    ):
        page = new_page(viewport)
        log_in(page, seller_user.email, password)
        page.goto("/soporte/crear/?reset=1")
        expect_step(page, STEPS[0])

        # Typing is enough: no button pressed, the page does not reload.
        page.get_by_label("Cuéntanos qué pasó").press_sequentially(TEXT, delay=10)
        suggestions = page.get_by_role("list", name="Motivos sugeridos")
        expect(suggestions.get_by_role("button")).to_have_count(3)
        pick = suggestions.get_by_role("button", name=COURIER)
        expect(pick).to_be_visible()
        assert_fits_the_screen(page)
        assert_accessible(page)
        shot("suggested")

        pick.focus()  # the keyboard reaches it and picks it
        page.keyboard.press("Enter")

        expect_step(page, STEPS[3])
        expect(page.get_by_test_id("wizard-choices")).to_contain_text(
            "Solicitud › Órdenes y despacho › El courier no retiró"
        )
        file_the_case(page, shot)
        case = Case.objects.get()
        assert case.cause == Cause.objects.get(name="El courier no retiró")
        assert case.description == TEXT

    def test_without_javascript_the_button_posts_the_form(
        self, browser, live_server, shots_folder, seller_user, password, taxonomy
    ):
        context = browser.new_context(
            base_url=live_server.url, viewport=DESKTOP, locale="es-CL", java_script_enabled=False
        )
        try:
            page = context.new_page()
            log_in(page, seller_user.email, password)
            page.goto("/soporte/crear/?reset=1")

            page.get_by_label("Cuéntanos qué pasó").fill(TEXT)
            page.get_by_role("button", name="Sugerir motivo").click()

            expect(page.get_by_label("Cuéntanos qué pasó")).to_have_value(TEXT)
            page.screenshot(path=shots_folder / "01-suggested-without-js.png", full_page=True)
            page.get_by_role("list", name="Motivos sugeridos").get_by_role(
                "button", name=COURIER
            ).click()

            expect_step(page, STEPS[3])
            file_the_case(page, lambda step: None)
            assert Case.objects.get().cause.name == "El courier no retiró"
        finally:
            context.close()


class TestAnAgentChangesTheCause:
    def test_the_seller_files_it_by_a_suggestion_and_an_agent_moves_it(
        self, new_page, shot, seller_user, other_seller_user, agent, password, taxonomy
    ):
        lost = Cause.objects.get(name="Extravío en transporte")
        lost.fields.update(required=False)
        solved = create_case(
            other_seller_user,
            cause=lost,
            subject="El courier perdió el paquete",
            description="El courier retiró los pedidos pero el paquete nunca llegó.",
        )
        comment_add(
            case=solved, author=agent, body="El courier confirmó la pérdida: te reembolsamos."
        )
        case_change_status(case=solved, to_status=CaseStatus.RESOLVED, actor=agent)

        # The seller says it in their own words and files it under the suggested cause.
        seller = new_page()
        log_in(seller, seller_user.email, password)
        seller.goto("/soporte/crear/?reset=1")
        seller.get_by_label("Cuéntanos qué pasó").press_sequentially(TEXT, delay=10)
        seller.get_by_role("list", name="Motivos sugeridos").get_by_role(
            "button", name=COURIER
        ).click()
        expect_step(seller, STEPS[3])
        file_the_case(seller, shot)
        case = Case.objects.get(seller=seller_user.seller)

        # The agent finds the package was lost, not left: Cambiar motivo.
        desk = new_page()
        log_in_to_admin(desk, agent.email, password)
        desk.goto(f"/admin/cases/case/{case.pk}/change/")
        desk.get_by_role("link", name="Cambiar motivo").click()
        reason = desk.get_by_role("region", name="Motivo")
        reason.get_by_label("Nuevo motivo").select_option(
            label="Reclamo o apelación › Devoluciones y postventa › Extravío en transporte"
        )
        reason.get_by_role("button", name="Cambiar motivo").click()

        expect(
            desk.get_by_text("El motivo del caso ahora es «Extravío en transporte».")
        ).to_be_visible()
        expect(
            desk.get_by_text(
                re.compile(
                    r"Motivo cambiado de «.*El courier no retiró» a "
                    r"«.*Extravío en transporte» por Agente Uno"
                )
            )
        ).to_be_visible()
        desk.get_by_role("link", name="Casos similares resueltos").click()
        similar = desk.get_by_role("region", name="Casos similares resueltos")
        expect(similar.get_by_role("link", name=str(solved.number))).to_be_visible()
        similar.get_by_text("El courier perdió el paquete").click()
        expect(similar.get_by_text("te reembolsamos")).to_be_visible()
        shot("agent-changed-cause", of=desk)
        case.refresh_from_db()
        assert case.cause == lost

        # The seller sees the new reason on their case page.
        seller.goto(case.get_absolute_url())
        expect(seller.get_by_role("main")).to_contain_text("Extravío en transporte")
