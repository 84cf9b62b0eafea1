"""Journey 4: the wizard, the trays and the case page at a phone's width (390×844):
nothing cut off, nothing that needs horizontal scrolling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.demo import demo_answer
from cases.models import Case, Cause
from cases.status import CaseStatus
from cases.tests.factories import PNG_BYTES, case_in_status
from supportcenter.tests.e2e_fixtures import PHONE

from .helpers import STEPS, SUMMARY, assert_fits_the_screen, choose, expect_step, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TRAYS = [
    "Casos con tareas pendientes",
    "Todos los casos abiertos",
    "Casos cerrados",
    "Todos los casos",
]
LONG_SUBJECT = "Devolución de la orden 2026112701234567 llegó rota: carcasa-quebrada-y-sin-embalaje"


@pytest.fixture
def cases(seller_user, agent, taxonomy):
    """One case in each tray, on a cause with long names and many answers."""
    cause = Cause.objects.get(name="Devolución llegó en mal estado")

    def filed(status, n, **kwargs):
        answers = {f.key: demo_answer(f, n) for f in cause.fields.all() if f.required}
        return case_in_status(seller_user, agent, status, cause=cause, answers=answers, **kwargs)

    waiting = filed(CaseStatus.WAITING_ON_SELLER, 1, subject=LONG_SUBJECT)
    filed(CaseStatus.IN_PROGRESS, 2)
    filed(CaseStatus.CLOSED, 3)
    return waiting


class TestAtAPhonesWidth:
    def test_the_trays_the_case_page_and_every_wizard_step_fit(
        self, new_page, shot, seller_user, password, cases, tmp_path
    ):
        photo = tmp_path / "foto-del-daño-de-la-carcasa-quebrada.png"
        photo.write_bytes(PNG_BYTES)
        page = new_page(viewport=PHONE)
        log_in(page, seller_user.email, password)
        page.get_by_role("link", name="AYUDA").click()
        expect(page.get_by_role("heading", name="Centro de soporte", level=1)).to_be_visible()
        assert_fits_the_screen(page)
        shot("support-home", of=page)

        for n, tray in enumerate(TRAYS, 1):
            page.get_by_role("link", name=tray, exact=True).click()
            expect(page.get_by_role("heading", name=tray, level=1)).to_be_visible()
            assert_fits_the_screen(page)
            shot(f"tray-{n}", of=page)
            page.get_by_role("link", name="AYUDA").click()
            expect(page.get_by_role("heading", name="Centro de soporte", level=1)).to_be_visible()

        page.goto(cases.get_absolute_url())
        expect(page.get_by_role("button", name="Enviar respuesta")).to_be_visible()
        assert_fits_the_screen(page)
        shot("case-page", of=page)

        page.get_by_role("link", name="AYUDA").click()
        page.get_by_role("link", name="CREAR CASO").click()
        options = [
            "Reclamo o apelación",
            "Devoluciones y postventa",
            "Devolución llegó en mal estado",
        ]
        expect_step(page, STEPS[0])
        for n, option in enumerate(options):
            assert_fits_the_screen(page)
            shot(f"step-{n + 1}", of=page)
            choose(page, option, then=STEPS[n + 1])

        page.get_by_role("button", name="Continuar").click()  # nothing filled in: errors
        expect(page.get_by_text("Revisa los 10 campos marcados abajo.")).to_be_visible()
        assert_fits_the_screen(page)
        shot("step-4-errors", of=page)
        page.get_by_label("Número de orden").fill("2026112701")
        page.get_by_label("SKU").fill("SKU-ROJO-42")
        page.get_by_label("Número de guía").fill("CX-99887766")
        page.get_by_label("Transportadora").select_option("Chilexpress")
        last_week = timezone.localdate() - timedelta(days=7)
        page.get_by_label("Fecha de recepción").fill(last_week.isoformat())
        page.get_by_label("Justificación").fill("La carcasa llegó quebrada.")
        page.get_by_label("Fotos del producto").set_input_files(photo)
        page.get_by_label("Foto de la guía").set_input_files(photo)
        page.get_by_label("Asunto").fill(LONG_SUBJECT)
        page.get_by_label("Describe qué pasó").fill("El comprador devolvió la cafetera rota.")
        assert_fits_the_screen(page)
        shot("step-4", of=page)
        page.get_by_role("button", name="Continuar").click()

        expect_step(page, SUMMARY)
        assert_fits_the_screen(page)
        shot("step-5", of=page)
        page.get_by_role("button", name="Confirmar y crear el caso").click()
        expect(page.get_by_text("Número de caso")).to_be_visible()
        assert_fits_the_screen(page)
        shot("case-created", of=page)


# Apple's and WCAG 2.5.5's minimum for what a finger taps.
TAP_TARGET_PX = 44


def assert_within_the_screen(locator, page) -> None:
    box, screen = locator.bounding_box(), page.viewport_size
    assert box is not None, "not shown"
    assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], (
        f"{page.url}: the first case spans {box['y']:.0f}–{box['y'] + box['height']:.0f} px, "
        f"the screen shows 0–{screen['height']}"
    )


def assert_tappable(locator) -> None:
    assert locator.count() > 0, "nothing to tap"
    for n in range(locator.count()):
        box = locator.nth(n).bounding_box()
        assert box["height"] >= TAP_TARGET_PX, (
            f"“{locator.nth(n).inner_text()}” is {box['height']:.0f} px high"
        )


class TestTheFirstCaseShowsOnAPhone:
    def test_on_the_support_home_and_every_tray_with_fingers_sized_targets(
        self, new_page, shot, seller_user, password, cases
    ):
        page = new_page(viewport=PHONE)
        log_in(page, seller_user.email, password)

        page.goto("/soporte/")
        waiting = page.get_by_role("region", name="Esperan tu respuesta")
        first = waiting.get_by_role("listitem").first
        assert_within_the_screen(first, page)
        assert_tappable(first.get_by_role("link"))
        shot("support-home", of=page)

        for n, tray in enumerate(TRAYS, 1):
            page.goto("/soporte/")
            page.get_by_role("region", name="Tus casos").get_by_role(
                "link", name=tray, exact=True
            ).click()
            expect(page.get_by_role("heading", name=tray, level=1)).to_be_visible()
            first = page.get_by_test_id("tray-cards").get_by_role("listitem").first
            assert_within_the_screen(first, page)
            assert_tappable(first.get_by_role("link"))
            assert_tappable(page.get_by_text("Más filtros", exact=True))
            assert_fits_the_screen(page)
            shot(f"tray-{n}", of=page)

        page.get_by_role("searchbox", name="Buscar").fill(str(cases.number))
        page.get_by_role("button", name="Buscar y filtrar").click()
        expect(page.get_by_text("1 caso", exact=True)).to_be_visible()
        assert_within_the_screen(page.get_by_test_id("tray-cards").get_by_role("listitem"), page)
        shot("tray-searched", of=page)

        page.get_by_text("Más filtros", exact=True).click()
        expect(page.get_by_label("Área")).to_be_visible()
        assert_fits_the_screen(page)
        shot("tray-more-filters", of=page)

    def test_attachments_and_the_rating_are_fingers_sized(
        self, new_page, shot, seller_user, password, cases
    ):
        page = new_page(viewport=PHONE)
        log_in(page, seller_user.email, password)

        page.goto(cases.get_absolute_url())
        assert_tappable(page.get_by_role("main").locator("a[download]"))
        shot("case-attachments", of=page)

        closed = Case.objects.get(seller=seller_user.seller, status=CaseStatus.CLOSED)
        page.goto(closed.get_absolute_url())
        rating = page.get_by_role("region", name="Califica nuestra atención")
        assert_tappable(rating.locator("label.form-check-label"))
        assert_fits_the_screen(page)
        shot("case-rating", of=page)
