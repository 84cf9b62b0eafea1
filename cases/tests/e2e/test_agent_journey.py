"""Journey 3: an agent asks the seller for information in the admin; the seller answers
from the support center; the agent replies and resolves; the seller confirms."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cases.models import Cause
from cases.tests.factories import PDF_BYTES, create_case

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in_to_admin(page, email: str, password: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("link", name="Casos", exact=True).first).to_be_visible()


def open_in_admin(page, number: int) -> None:
    """From the admin's home: the list of cases, searched by the case's number."""
    page.get_by_role("link", name="Casos", exact=True).first.click()
    search = page.get_by_role("search")  # Django's admin names its box "Search", untranslated
    search.get_by_role("textbox").fill(str(number))
    search.get_by_role("button", name="Buscar").click()
    expect(page).to_have_url(re.compile(rf"[?&]q={number}\b"))
    page.get_by_role("link", name=str(number), exact=True).click()


class TestAnAgentAsksTheSellerForInformation:
    def test_until_the_seller_confirms_the_case_is_solved(
        self, new_page, shot, seller_user, agent, password, taxonomy, tmp_path
    ):
        case = create_case(
            seller_user,
            cause=Cause.objects.get(name="Etiqueta o manifiesto no se genera"),
            subject="La etiqueta sale en blanco",
            answers={"order_number": "2026112701", "sku": "SKU-ROJO-42", "courier": "Starken"},
        )
        number = case.number
        desk, seller = new_page(), new_page()
        invoice = tmp_path / "boleta-4501.pdf"
        invoice.write_bytes(PDF_BYTES)

        # The agent asks for information.
        log_in_to_admin(desk, agent.email, password)
        open_in_admin(desk, number)
        desk.get_by_label("Responder").fill("Envía la boleta de la orden, por favor.")
        desk.get_by_role("button", name="Solicitar información al seller").click()
        expect(desk.get_by_text("Se solicitó información al seller.")).to_be_visible()
        shot("agent-asked", of=desk)

        (email,) = [
            m
            for m in mail.outbox
            if m.to == [seller_user.email] and m.subject.startswith("Necesitamos información")
        ]
        assert str(number) in email.subject
        assert "Envía la boleta de la orden, por favor." in email.body

        # The seller finds the case under "Casos con tareas pendientes" and answers.
        log_in(seller, seller_user.email, password)
        seller.get_by_role("link", name="AYUDA").click()
        pending = seller.get_by_role("listitem").filter(
            has=seller.get_by_role("link", name="Casos con tareas pendientes")
        )
        expect(pending.get_by_text("1", exact=True)).to_be_visible()
        shot("seller-home-with-a-task", of=seller)
        seller.get_by_role("link", name="Casos con tareas pendientes").click()
        tray = seller.get_by_role("table", name="Casos con tareas pendientes")
        expect(tray).to_contain_text("La etiqueta sale en blanco")
        shot("seller-pending-tray", of=seller)
        tray.get_by_role("link", name=str(number), exact=True).click()

        task = seller.get_by_role("article").filter(has_text="Envía la boleta de la orden")
        task.get_by_label("Tu respuesta").fill("Adjunto la boleta.")
        task.get_by_label("Adjuntar archivos (opcional)").set_input_files(invoice)
        shot("seller-answering", of=seller)
        task.get_by_role("button", name="Enviar respuesta").click()
        expect(seller.get_by_text("Enviamos tu respuesta.")).to_be_visible()
        shot("seller-answered", of=seller)

        # The agent sees the answer and its file, replies and resolves.
        desk.reload()
        requests = desk.get_by_role("region", name="Solicitudes de información")
        expect(requests).to_contain_text("Adjunto la boleta.")
        expect(requests.get_by_role("link", name="boleta-4501.pdf")).to_be_visible()
        desk.get_by_label("Responder").fill(
            "Gracias: regeneramos la etiqueta, ya puedes imprimirla."
        )
        desk.get_by_role("button", name="Enviar y resolver", exact=True).click()
        expect(desk.get_by_text("Respuesta enviada y caso resuelto.")).to_be_visible()
        shot("agent-resolved", of=desk)

        # The seller sees it resolved, confirms, and finds it among the closed cases.
        seller.reload()
        expect(seller.get_by_text("Resuelto", exact=True).first).to_be_visible()
        expect(seller.get_by_role("region", name="Conversación")).to_contain_text(
            "regeneramos la etiqueta"
        )
        outcome = seller.get_by_role("region", name="¿Se solucionó tu problema?")
        shot("seller-sees-resolved", of=seller)
        outcome.get_by_role("button", name="Sí, está solucionado").click()
        expect(seller.get_by_text("Gracias por confirmar. El caso quedó cerrado.")).to_be_visible()
        shot("seller-confirmed", of=seller)

        seller.get_by_role("link", name="AYUDA").click()
        seller.get_by_role("link", name="Casos cerrados").click()
        closed = seller.get_by_role("table", name="Casos cerrados")
        expect(closed.get_by_role("link", name=str(number), exact=True)).to_be_visible()
        expect(closed).to_contain_text("Cerrado")
        shot("seller-closed-tray", of=seller)
