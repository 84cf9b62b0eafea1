"""Integrations, requests and payloads for the Atención al cliente tests."""

import base64
import itertools

from cases.tests.factories import PDF_BYTES
from customers.models import Integration
from customers.services import IncomingMessage, request_receive
from customers.tokens import new_token, new_webhook_secret, token_hash, token_prefix

_ids = itertools.count(1)


def make_integration(*sellers, name=None, **fields) -> tuple[Integration, str]:
    """An integration allowed to act for `sellers`, and its token in clear."""
    token = new_token()
    integration = Integration.objects.create(
        name=name or f"Marketplace {next(_ids)}",
        token_prefix=token_prefix(token),
        token_hash=token_hash(token),
        webhook_secret=new_webhook_secret(),
        **fields,
    )
    integration.sellers.set(sellers)
    return integration, token


def request_payload(seller, **overrides) -> dict:
    """A buyer's question as the marketplace pushes it."""
    n = next(_ids)
    payload = {
        "id": f"ML-Q-{n}",
        "seller_code": seller.code,
        "kind": "question",
        "product": {"sku": "SKU-CAF-1", "title": "Cafetera Andina 12 tazas"},
        "buyer": {"name": "Juan Pérez", "relay_email": f"juan.{n}@relay.marketplace.example"},
        "message": {"id": f"MSG-{n}", "body": "Hola, ¿la cafetera trae filtro permanente?"},
    }
    payload.update(overrides)
    return payload


def message_payload(**overrides) -> dict:
    n = next(_ids)
    return {"id": f"MSG-{n}", "body": "¿Me pueden responder, por favor?", **overrides}


def base64_pdf(name="boleta.pdf") -> dict:
    return {"filename": name, "content_base64": base64.b64encode(PDF_BYTES).decode()}


def receive(integration, seller, *, kind="question", external_id=None, body=None, **fields):
    """A request received through the service (no HTTP), as the API would."""
    n = next(_ids)
    request, _created = request_receive(
        integration=integration,
        seller=seller,
        external_id=external_id or f"REQ-{n}",
        kind=kind,
        buyer_name=fields.pop("buyer_name", "Juan Pérez"),
        buyer_email=fields.pop("buyer_email", f"juan.{n}@relay.marketplace.example"),
        order_number=fields.pop("order_number", "" if kind == "question" else f"2000{n:06d}"),
        message=IncomingMessage(
            external_id=f"MSG-{n}",
            body=body or "Hola, ¿tienen stock?",
            sent_at=fields.pop("sent_at", None),
            digest=f"message-{n}",
        ),
        digest=f"request-{n}",
        **fields,
    )
    return request
