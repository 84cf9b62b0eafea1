"""A buyer's question arrives through the marketplace API; the seller sees it in
Solicitudes sin responder, answers it with a saved answer, and the marketplace receives
the signed webhook. Also at a phone's width, with axe-core finding nothing serious."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from cases.tests.e2e.helpers import assert_accessible, assert_fits_the_screen, log_in
from customers.models import SavedAnswer
from customers.services.webhooks import signature_valid
from supportcenter.tests.e2e_fixtures import PHONE

from ..factories import make_integration, request_payload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVED = "Despachamos en 24 horas hábiles a todo Chile, también a regiones."


def push(live_server, token: str, payload: dict) -> dict:
    """The marketplace's POST, over HTTP, to the running portal."""
    outgoing = urllib.request.Request(
        f"{live_server.url}/api/v1/solicitudes/",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(outgoing, timeout=10) as answer:
        assert answer.status == 201
        return json.loads(answer.read())


@pytest.fixture
def marketplace(seller, receiver):
    integration, token = make_integration(seller, name="Marketplace", webhook_url=receiver.url)
    SavedAnswer.objects.create(seller=seller, title="Envíos a regiones", body=SAVED)
    return integration, token


class TestAQuestionArrivesAndIsAnswered:
    @pytest.mark.parametrize("viewport", ["desktop", "phone"])
    def test_from_the_api_to_the_signed_webhook(
        self,
        new_page,
        shot,
        live_server,
        marketplace,
        receiver,
        seller,
        seller_user,
        password,
        viewport,
    ):
        integration, token = marketplace
        payload = request_payload(seller, buyer={"name": "Daniela Torres"})
        payload["message"]["body"] = "Hola, ¿hacen envíos a regiones?"
        push(live_server, token, payload)
        page = new_page(PHONE) if viewport == "phone" else new_page()

        log_in(page, seller_user.email, password)
        page.get_by_role("link", name="AYUDA").click()
        page.get_by_role("link", name="Atención al cliente").first.click()
        expect(page.get_by_role("heading", name="Atención al cliente", level=1)).to_be_visible()
        expect(page.get_by_test_id("count-sin-responder")).to_have_text("1")
        shot(f"{viewport}-01-home", of=page)
        assert_accessible(page)
        if viewport == "phone":
            assert_fits_the_screen(page)

        page.get_by_role("link", name="Solicitudes sin responder").first.click()
        expect(page.get_by_role("heading", name="Solicitudes sin responder")).to_be_visible()
        page.get_by_role("link", name="Daniela Torres").first.click()
        expect(page.get_by_text("Hola, ¿hacen envíos a regiones?")).to_be_visible()
        shot(f"{viewport}-02-request", of=page)
        assert_accessible(page)
        if viewport == "phone":
            assert_fits_the_screen(page)

        page.get_by_label("Respuestas guardadas").select_option(label="Envíos a regiones")
        page.get_by_role("button", name="Usar esta respuesta").click()
        expect(page.get_by_label("Tu respuesta")).to_have_value(SAVED)
        page.get_by_role("button", name="Enviar respuesta").click()
        expect(page.get_by_text("Enviamos tu respuesta al cliente.")).to_be_visible()
        expect(page.get_by_text("Respondida").first).to_be_visible()
        shot(f"{viewport}-03-answered", of=page)

        assert len(receiver.received) == 1
        got = receiver.received[0]
        assert signature_valid(
            integration.webhook_secret, got["headers"]["X-Signature"], got["body"]
        )
        sent = json.loads(got["body"])
        assert sent["request"]["id"] == payload["id"] and sent["message"]["body"] == SAVED

    def test_the_service_level_page_reads_without_scripts_and_passes_axe(
        self, new_page, live_server, marketplace, seller, seller_user, password
    ):
        push(live_server, marketplace[1], request_payload(seller))
        page = new_page()
        log_in(page, seller_user.email, password)

        page.goto("/atencion/nivel-de-atencion/")

        expect(page.get_by_role("img", name="Porcentaje de solicitudes")).to_be_visible()
        assert_accessible(page)
