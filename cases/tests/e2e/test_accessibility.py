"""Journey 5: axe-core finds no serious or critical violation on the seller's pages, and
the wizard works with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from cases.demo import demo_answer
from cases.models import Cause
from cases.status import CaseStatus
from cases.tests.factories import case_in_status

from .helpers import STEPS, SUMMARY, assert_accessible, choose, expect_step, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_case(seller_user, agent, taxonomy):
    """A case where support asked for something: the home lists it, the page has a form."""
    cause = Cause.objects.get(name="Etiqueta o manifiesto no se genera")
    answers = {f.key: demo_answer(f, 1) for f in cause.fields.all() if f.required}
    return case_in_status(
        seller_user, agent, CaseStatus.WAITING_ON_SELLER, cause=cause, answers=answers
    )


class TestAxeFindsNothingSerious:
    def test_on_the_support_center_the_wizard_and_the_case_pages(
        self, page, shot, seller_user, password, waiting_case
    ):
        log_in(page, seller_user.email, password)
        page.get_by_role("link", name="AYUDA").click()
        expect(page.get_by_role("heading", name="Centro de soporte", level=1)).to_be_visible()
        assert_accessible(page)
        shot("support-home")

        page.get_by_role("link", name="Todos los casos", exact=True).click()
        expect(page.get_by_role("heading", name="Todos los casos", level=1)).to_be_visible()
        assert_accessible(page)
        shot("tray")

        page.get_by_role("link", name="CREAR CASO").click()
        expect_step(page, STEPS[0])
        assert_accessible(page)
        shot("step-1")
        choose(page, "Consulta", then=STEPS[1])
        assert_accessible(page)
        shot("step-2")
        choose(page, "Órdenes y despacho", then=STEPS[2])
        assert_accessible(page)
        shot("step-3")
        choose(page, "Etiqueta o manifiesto no se genera", then=STEPS[3])
        assert_accessible(page)
        shot("step-4")
        page.get_by_role("button", name="Continuar").click()
        expect(page.get_by_text("Revisa los 5 campos marcados abajo.")).to_be_visible()
        assert_accessible(page)
        shot("step-4-with-errors")
        page.get_by_label("Número de orden").fill("2026112701")
        page.get_by_label("SKU").fill("SKU-ROJO-42")
        page.get_by_label("Courier").select_option("Starken")
        page.get_by_label("Asunto").fill("La etiqueta sale en blanco")
        page.get_by_label("Describe qué pasó").fill("Desde ayer la etiqueta sale en blanco.")
        page.get_by_role("button", name="Continuar").click()
        expect_step(page, SUMMARY)
        assert_accessible(page)
        shot("step-5")
        page.get_by_role("button", name="Confirmar y crear el caso").click()
        expect(page.get_by_text("Número de caso")).to_be_visible()
        assert_accessible(page)
        shot("case-created")

        page.goto(waiting_case.get_absolute_url())
        expect(page.get_by_role("button", name="Enviar respuesta")).to_be_visible()
        assert_accessible(page)
        shot("case-page-with-a-task")

        page.get_by_role("button", name="Mi cuenta").click()
        page.get_by_role("link", name="Mis datos").click()
        expect(page.get_by_role("heading", name="Mi cuenta", level=1)).to_be_visible()
        assert_accessible(page)
        shot("mi-cuenta")


class TestTheWizardWithTheKeyboardOnly:
    def test_step_one_is_chosen_with_space_and_sent_with_enter(
        self, page, shot, seller_user, password, taxonomy
    ):
        log_in(page, seller_user.email, password)
        page.goto("/soporte/crear/")
        first_option = page.get_by_role("radio", name="Consulta", exact=True)

        for _ in range(10):  # the skip link, the top bar, then the options
            page.keyboard.press("Tab")
            if first_option.evaluate("el => el === document.activeElement"):
                break
        expect(first_option).to_be_focused()
        page.keyboard.press("ArrowDown")  # arrows move within the options
        expect(page.get_by_role("radio", name="Solicitud", exact=True)).to_be_checked()
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Space")
        expect(first_option).to_be_checked()
        shot("step-1-chosen")
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Cancelar")).to_be_focused()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Continuar")).to_be_focused()
        page.keyboard.press("Enter")

        expect_step(page, STEPS[1])
        expect(page.get_by_text("Consulta", exact=True)).to_be_visible()  # the choice so far
        shot("step-2")

    def test_enter_in_a_field_goes_forward_not_back(
        self, page, shot, seller_user, password, taxonomy
    ):
        log_in(page, seller_user.email, password)
        page.goto("/soporte/crear/")
        choose(page, "Consulta", then=STEPS[1])

        # The steps above are buttons of this form too ("1. Tipo de registro: go back"),
        # yet Enter presses Continuar.
        page.get_by_role("radio", name="Órdenes y despacho", exact=True).focus()
        page.keyboard.press("Space")
        page.keyboard.press("Enter")
        expect_step(page, STEPS[2])
        choose(page, "Etiqueta o manifiesto no se genera", then=STEPS[3])
        page.get_by_label("Número de orden").fill("2026112701")
        page.keyboard.press("Enter")

        expect(page.get_by_text("Revisa los 4 campos marcados abajo.")).to_be_visible()
        expect_step(page, STEPS[3])
        expect(page.get_by_label("Número de orden")).to_have_value("2026112701")
        shot("step-4-enter-shows-the-missing-fields")
