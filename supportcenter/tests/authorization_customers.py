"""The authorisation matrix's lines for Atención al cliente (customers): the seller pages,
the marketplace API (a session is no token: 401 for everyone) and the admin pages."""

from http import HTTPStatus

from django.urls import reverse

from cases.tests.factories import upload
from customers.models import SavedAnswer, WebhookDelivery
from customers.services import request_answer
from customers.tests.factories import make_integration, receive

from .authorization import (
    FOUND,
    NOT_FOUND,
    OK,
    Entry,
    Outcome,
    admin_page,
    attachment_headers,
    everyone,
    of_seller_a,
    sellers,
    to,
)

UNAUTHORIZED = Outcome(HTTPStatus.UNAUTHORIZED, refused=True)


def customers_objects(seller_user, other_seller_user) -> dict:
    """Seller A's request (answered with a file, so a webhook is queued), a saved answer,
    and seller B's request."""
    integration, _token = make_integration(
        seller_user.seller, other_seller_user.seller, webhook_url="https://marketplace.example/h"
    )
    request = receive(integration, seller_user.seller, buyer_name="Comprador de A")
    request_answer(
        request=request, author=seller_user, body="Respuesta", attachments=[upload("guia.pdf")]
    )
    return {
        "integration": integration,
        "customer_request": request,
        "request_attachment": request.attachments.get(),
        "webhook": WebhookDelivery.objects.get(request=request),
        "saved_answer": SavedAnswer.objects.create(
            seller=seller_user.seller, title="Despacho", body="En 24 horas."
        ),
        "customer_request_b": receive(integration, other_seller_user.seller),
    }


def request_pk(w) -> dict:
    return {"pk": w.objects["customer_request"].pk}


def request_page(w) -> str:
    return w.objects["customer_request"].get_absolute_url()


def request_form(data) -> Entry:
    """A form of the request page: a GET shows the request, a POST runs it."""
    return Entry(
        get=of_seller_a(to(request_page, label="the request's page")),
        kwargs=request_pk,
        post=data,
        post_expect=of_seller_a(FOUND),
    )


def saved_answer(w) -> dict:
    return {"pk": w.objects["saved_answer"].pk}


CUSTOMERS = {
    "customers:home": [Entry(get=sellers(OK))],
    "customers:list": [Entry(get=sellers(OK), kwargs=lambda w: {"request_list": "sin-responder"})],
    "customers:detail": [
        Entry(get=of_seller_a(OK), kwargs=request_pk),
        Entry(
            get={**sellers(NOT_FOUND), "seller_b": OK},
            kwargs=lambda w: {"pk": w.objects["customer_request_b"].pk},
            variant="seller B's request",
        ),
    ],
    "customers:answer": [request_form(lambda w: {"body": "Hola de nuevo"})],
    "customers:close": [request_form(lambda w: {})],
    "customers:escalate": [
        Entry(
            get=of_seller_a(to(request_page, label="the request's page")),
            kwargs=request_pk,
            post=lambda w: {},
            # Only the session changes (the wizard's prefill): the case is made there.
            post_expect=of_seller_a(to(f"{reverse('cases:create')}?reset=1")),
        )
    ],
    "customers:attachment": [
        Entry(
            get=of_seller_a(OK),
            kwargs=lambda w: {"pk": w.objects["request_attachment"].pk},
            check=attachment_headers,
        )
    ],
    "customers:saved_answers": [
        Entry(
            get=sellers(OK),
            post=lambda w: {"title": "Nueva", "body": "Texto"},
            post_expect=sellers(FOUND),
        )
    ],
    "customers:saved_answer_edit": [
        Entry(
            get=of_seller_a(OK),
            kwargs=saved_answer,
            post=lambda w: {"title": "Despacho", "body": "En 48 horas."},
            post_expect=of_seller_a(FOUND),
        )
    ],
    "customers:saved_answer_delete": [
        Entry(
            get=of_seller_a(OK),
            kwargs=saved_answer,
            post=lambda w: {},
            post_expect=of_seller_a(FOUND),
        )
    ],
    "customers:service_level": [Entry(get=sellers(OK))],
    "customers_api:requests": [
        Entry(get=everyone(UNAUTHORIZED), post=lambda w: {}, post_expect=everyone(UNAUTHORIZED))
    ],
    "customers_api:messages": [
        Entry(
            get=everyone(UNAUTHORIZED),
            kwargs=lambda w: {"external_id": w.objects["customer_request"].external_id},
            post=lambda w: {"id": "M-1", "body": "Hola"},
            post_expect=everyone(UNAUTHORIZED),
        )
    ],
    "customers_api:attachment": [
        Entry(
            get=everyone(UNAUTHORIZED),
            kwargs=lambda w: {"pk": w.objects["request_attachment"].pk},
        )
    ],
    "customers_api:schema": [Entry(get=everyone(OK))],
}

CUSTOMERS_ADMIN = {
    "admin:customers_customerrequest_service_level": [
        Entry(get=admin_page(agent=OK, superuser=OK), query="?seller=S-00001")
    ],
}
CUSTOMERS_MODEL_ADMINS = [
    ("customers.integration", "integration", "view", "view add change delete"),
    ("customers.customerrequest", "customer_request", "view", "view"),
    ("customers.webhookdelivery", "webhook", "view change", "view change delete"),
]
