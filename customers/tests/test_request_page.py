"""A customer request's page: the buyer, the order, the thread, answering (with a saved
answer), closing, and Escalar a soporte (a linked case, shown on both sides)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from cases.models import Case, FieldType
from cases.tests.factories import CaseFieldFactory, CauseFactory, upload
from cases.tests.wizard_helpers import confirm, post_step, step_url
from customers.models import RequestStatus, SavedAnswer, WebhookDelivery
from customers.services import request_close

from .factories import make_integration, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_request(seller, receiver):
    integration, _token = make_integration(seller, webhook_url=receiver.url)
    return receive(
        integration,
        seller,
        kind="post_sale",
        order_number="2000987654",
        product_title="Cafetera Andina",
        product_sku="SKU-CAF-1",
        buyer_name="Juan Pérez",
        body="La cafetera llegó con la jarra trizada.",
    )


def answer_url(request) -> str:
    return reverse("customers:answer", args=[request.pk])


class TestThePage:
    def test_shows_the_buyer_the_order_the_product_and_the_thread(
        self, seller_client, customer_request
    ):
        page = seller_client.get(customer_request.get_absolute_url()).content.decode()

        assert "Juan Pérez" in page and "2000987654" in page
        assert "Cafetera Andina" in page and "SKU-CAF-1" in page
        assert "La cafetera llegó con la jarra trizada." in page
        assert "Postventa" in page and "Sin responder" in page and "Vence en" in page
        for label in ("Respuestas guardadas", "Escalar a soporte", "Cerrar solicitud"):
            assert label in page

    def test_every_field_has_a_label(self, seller_client, customer_request):
        page = seller_client.get(customer_request.get_absolute_url()).content.decode()

        assert 'for="id_body"' in page and 'for="id_files"' in page
        assert 'for="id_respuesta"' not in page  # no saved answers yet: a link instead

    def test_a_colleague_shares_it_and_another_seller_does_not_see_it(
        self, client, seller_colleague, other_seller_user, customer_request
    ):
        client.force_login(seller_colleague)
        assert client.get(customer_request.get_absolute_url()).status_code == HTTPStatus.OK
        client.force_login(other_seller_user)
        assert client.get(customer_request.get_absolute_url()).status_code == 404
        for url in (
            answer_url(customer_request),
            reverse("customers:close", args=[customer_request.pk]),
            reverse("customers:escalate", args=[customer_request.pk]),
        ):
            assert client.get(url).status_code == HTTPStatus.NOT_FOUND
            assert client.post(url, {"body": "Hola"}).status_code == HTTPStatus.NOT_FOUND
        customer_request.refresh_from_db()
        assert customer_request.status == RequestStatus.AWAITING


class TestAnswer:
    def test_sends_the_answer_and_the_request_stops_waiting(
        self, seller_client, customer_request, django_capture_on_commit_callbacks, receiver
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = seller_client.post(
                answer_url(customer_request),
                {"body": "Le enviamos una jarra nueva hoy.", "files": [upload("guia.pdf")]},
                follow=True,
            )

        page = response.content.decode()
        assert "Enviamos tu respuesta al cliente." in page
        assert "Le enviamos una jarra nueva hoy." in page and "guia.pdf" in page
        customer_request.refresh_from_db()
        assert customer_request.status == RequestStatus.ANSWERED
        assert customer_request.due_at is None and customer_request.first_answered_at
        assert receiver.json()["message"]["attachments"][0]["filename"] == "guia.pdf"

    def test_an_empty_answer_comes_back_with_its_error(self, seller_client, customer_request):
        response = seller_client.post(answer_url(customer_request), {"body": "  "})

        assert response.status_code == HTTPStatus.OK
        assert "Escribe tu respuesta." in response.content.decode()
        assert not WebhookDelivery.objects.exists()

    def test_a_saved_answer_fills_the_answer_box(self, seller_client, seller, customer_request):
        saved = SavedAnswer.objects.create(
            seller=seller, title="Cambio", body="Te enviamos el reemplazo sin costo."
        )
        other = SavedAnswer.objects.create(seller=seller, title="Otra", body="Otra respuesta.")

        page = seller_client.get(
            f"{customer_request.get_absolute_url()}?respuesta={saved.pk}"
        ).content.decode()

        body_box = page.split('name="body"')[1].split("</textarea>")[0]
        assert "Te enviamos el reemplazo sin costo." in body_box
        assert other.body not in body_box

    def test_another_sellers_saved_answer_is_not_offered(
        self, seller_client, other_seller, customer_request
    ):
        theirs = SavedAnswer.objects.create(seller=other_seller, title="Suya", body="Secreto B")

        page = seller_client.get(
            f"{customer_request.get_absolute_url()}?respuesta={theirs.pk}"
        ).content.decode()

        assert "Secreto B" not in page and "Suya" not in page

    def test_a_closed_request_takes_no_answer(self, seller_client, seller_user, customer_request):
        request_close(request=customer_request, actor=seller_user)

        page = seller_client.get(customer_request.get_absolute_url()).content.decode()
        response = seller_client.post(answer_url(customer_request), {"body": "Hola"})

        assert "Esta solicitud está cerrada." in page and 'name="body"' not in page
        assert "Esta solicitud está cerrada: ya no se puede responder." in response.content.decode()


class TestClose:
    def test_closes_it(self, seller_client, customer_request):
        response = seller_client.post(
            reverse("customers:close", args=[customer_request.pk]), follow=True
        )

        assert "La solicitud quedó cerrada." in response.content.decode()
        customer_request.refresh_from_db()
        assert customer_request.status == RequestStatus.CLOSED


class TestEscalate:
    @pytest.fixture
    def cause(self):
        cause = CauseFactory(name="Producto dañado")
        CaseFieldFactory(
            cause=cause,
            key="order_number",
            label="Número de orden",
            field_type=FieldType.ORDER_NUMBER,
        )
        return cause

    def test_opens_crear_caso_with_the_order_and_the_case_and_request_show_each_other(
        self, seller_client, customer_request, cause
    ):
        response = seller_client.post(
            reverse("customers:escalate", args=[customer_request.pk]), follow=True
        )
        assert response.redirect_chain[-1][0].startswith(step_url("tipo"))
        assert "Solicitud de cliente N°" in response.content.decode()

        post_step(seller_client, "tipo", {"record_type": cause.area.record_type_id})
        post_step(seller_client, "area", {"area": cause.area_id})
        post_step(seller_client, "causa", {"cause": cause.pk})
        datos = seller_client.get(step_url("datos"))
        initial = datos.context["wizard"]["form"].initial
        assert 'value="2000987654"' in datos.content.decode()
        assert "La cafetera llegó con la jarra trizada." in initial["description"]
        post_step(
            seller_client,
            "datos",
            {
                "answer_order_number": initial["answer_order_number"],
                "subject": initial["subject"],
                "description": initial["description"],
            },
        )
        confirm(seller_client)

        case = Case.objects.get()
        assert case.external_reference == f"customer-request:{customer_request.pk}"
        assert case.answers[0]["value"] == "2000987654"
        case_page = seller_client.get(case.get_absolute_url()).content.decode()
        assert customer_request.get_absolute_url() in case_page
        request_page = seller_client.get(customer_request.get_absolute_url()).content.decode()
        assert case.get_absolute_url() in request_page
        assert f"Caso N° {case.number}" in request_page

    def test_a_case_created_normally_afterwards_is_not_linked(
        self, seller_client, customer_request, cause
    ):
        seller_client.post(reverse("customers:escalate", args=[customer_request.pk]), follow=True)

        page = seller_client.get(reverse("cases:create") + "?reset=1", follow=True)

        assert "Solicitud de cliente N°" not in page.content.decode()
