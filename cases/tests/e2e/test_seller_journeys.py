"""Journeys 1 and 2: a seller creates a case with CREAR CASO and finds it again, and
reaches the support center from Mi cuenta."""

import re

import pytest
from playwright.sync_api import expect

from cases.demo import demo_answer
from cases.models import Case, Cause
from cases.tests.factories import PNG_BYTES, create_case

from .helpers import STEPS, SUMMARY, choose, expect_step, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The four indicators, and what they count before the new case: one case already open.
INDICATORS = {
    "Casos con tareas pendientes": "0",
    "Todos los casos abiertos": "1",
    "Casos cerrados": "0",
    "Todos los casos": "1",
}


@pytest.fixture
def earlier_case(seller_user, taxonomy):
    cause = Cause.objects.get(name="Acceso o contraseña")
    answers = {f.key: demo_answer(f, 1) for f in cause.fields.all() if f.required}
    return create_case(
        seller_user, cause=cause, subject="Un usuario no puede ingresar", answers=answers
    )


class TestASellerCreatesACase:
    def test_from_ayuda_through_every_step_to_finding_it_by_its_number(
        self, page, shot, seller_user, password, earlier_case, tmp_path
    ):
        screenshot = tmp_path / "etiqueta-en-blanco.png"
        screenshot.write_bytes(PNG_BYTES)
        log_in(page, seller_user.email, password)

        page.get_by_role("link", name="AYUDA").click()
        expect(page.get_by_role("heading", name="Centro de soporte", level=1)).to_be_visible()
        indicators = page.get_by_role("region", name="Tus casos")
        for title, count in INDICATORS.items():
            card = indicators.get_by_role("listitem").filter(
                has=page.get_by_role("link", name=title, exact=True)
            )
            expect(card.get_by_text(count, exact=True)).to_be_visible()
        shot("support-home")

        page.get_by_role("link", name="CREAR CASO").click()
        expect_step(page, STEPS[0])
        shot("step-1-tipo")
        choose(page, "Consulta", then=STEPS[1])
        shot("step-2-area")
        choose(page, "Órdenes y despacho", then=STEPS[2])
        shot("step-3-causa")
        choose(page, "Etiqueta o manifiesto no se genera", then=STEPS[3])
        page.get_by_label("Número de orden").fill("2026112701")
        page.get_by_label("SKU").fill("SKU-ROJO-42")
        page.get_by_label("Courier").select_option("Starken")
        page.get_by_label("Captura de pantalla").set_input_files(screenshot)
        page.get_by_label("Asunto").fill("La etiqueta de la orden sale en blanco")
        page.get_by_label("Describe qué pasó").fill("Desde ayer la etiqueta sale en blanco.")
        shot("step-4-datos")
        page.get_by_role("button", name="Continuar").click()

        expect_step(page, SUMMARY)
        summary = page.get_by_role("main")
        expect(summary).to_contain_text("2026112701")
        expect(summary).to_contain_text("etiqueta-en-blanco.png")
        shot("step-5-resumen")

        # Back once: the order number was wrong. The uploaded file stays.
        page.get_by_role("button", name="Atrás").click()
        expect_step(page, STEPS[3])
        expect(page.get_by_label("Número de orden")).to_have_value("2026112701")
        expect(page.get_by_role("list", name="Archivos ya cargados")).to_contain_text(
            "etiqueta-en-blanco.png"
        )
        page.get_by_label("Número de orden").fill("2026112799")
        shot("step-4-datos-changed")
        page.get_by_role("button", name="Continuar").click()
        expect_step(page, SUMMARY)
        expect(summary).to_contain_text("2026112799")
        expect(summary).not_to_contain_text("2026112701")
        page.get_by_role("button", name="Confirmar y crear el caso").click()

        number_text = page.get_by_text(re.compile(r"Número de caso: \d+"))
        expect(number_text).to_be_visible()
        number = re.search(r"\d+", number_text.inner_text())[0]
        shot("case-created")
        case = Case.objects.get(number=number)
        assert case.created_by == seller_user
        assert case.cause.name == "Etiqueta o manifiesto no se genera"
        answers = {answer["label"]: answer["display"] for answer in case.answers}
        assert answers["Número de orden"] == "2026112799"
        assert [a.original_name for a in case.attachments.all()] == ["etiqueta-en-blanco.png"]

        page.get_by_role("link", name="Ir a casos abiertos").click()
        expect(
            page.get_by_role("heading", name="Todos los casos abiertos", level=1)
        ).to_be_visible()
        expect(page.get_by_text("2 casos", exact=True)).to_be_visible()
        page.get_by_role("searchbox", name="Buscar").fill(number)
        page.get_by_role("button", name="Buscar y filtrar").click()

        expect(page.get_by_text("1 caso", exact=True)).to_be_visible()
        results = page.get_by_role("table", name="Todos los casos abiertos")
        expect(results.get_by_role("link", name=number, exact=True)).to_be_visible()
        expect(results).to_contain_text("La etiqueta de la orden sale en blanco")
        expect(results).not_to_contain_text(earlier_case.subject)
        shot("found-in-open-cases")


class TestASellerReachesTheSupportCenter:
    def test_through_mi_cuenta(self, page, shot, seller_user, password):
        log_in(page, seller_user.email, password)

        page.get_by_role("button", name="Mi cuenta").click()
        menu = page.get_by_role("list", name="Mi cuenta")
        expect(menu).to_be_visible()
        shot("account-menu-open")
        menu.get_by_role("link", name="Centro de soporte").click()
        expect(page.get_by_role("heading", name="Centro de soporte", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="CREAR CASO")).to_be_visible()
        shot("support-home-from-the-menu")

        # The "Mi cuenta" page links there too.
        page.get_by_role("button", name="Mi cuenta").click()
        page.get_by_role("list", name="Mi cuenta").get_by_role("link", name="Mis datos").click()
        expect(page.get_by_role("heading", name="Mi cuenta", level=1)).to_be_visible()
        shot("mi-cuenta")
        account = page.get_by_role("navigation", name="Mi cuenta")
        account.get_by_role("link", name="Centro de soporte").click()
        expect(page.get_by_role("heading", name="Centro de soporte", level=1)).to_be_visible()
