"""Demo customer requests for local runs (`manage.py seed_demo`): the demo marketplace
integration with a known token (for the `curl` that `make run` prints), and requests of
every kind for the demo sellers, some about to be late. All through the services; each
request once (the marketplace's ids are fixed)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Seller

from . import deadlines
from .models import Integration, SavedAnswer
from .services import IncomingMessage, request_answer, request_close, request_receive
from .services.integrations import integration_prepare
from .tokens import token_hash, token_prefix

# Demo only (seed_demo refuses to run in production): the token `make run`'s curl uses.
DEMO_TOKEN = "scm_demo-local-marketplace-token-2026"
DEMO_INTEGRATION = "Marketplace demo"
# Nobody listens there: answers wait in the webhook outbox (admin › Webhooks), retried.
DEMO_WEBHOOK_URL = "http://127.0.0.1:9/marketplace/webhooks"

# (id, kind, buyer, order, product, message, hours ago or "soon", what the seller did)
REQUESTS = [
    (
        "DEMO-Q-1",
        "question",
        "Javiera Soto",
        "",
        ("SKU-CAF-12", "Cafetera Andina 12 tazas"),
        "Hola, ¿la cafetera trae filtro permanente o hay que comprar filtros de papel?",
        2,
        None,
    ),
    (
        "DEMO-Q-2",
        "question",
        "Matías Rojas",
        "",
        ("SKU-HER-3", "Hervidor eléctrico 1,7 L"),
        "¿El hervidor apaga solo cuando hierve? ¿Tiene garantía?",
        "soon",
        None,
    ),
    (
        "DEMO-Q-3",
        "question",
        "Fernanda Díaz",
        "",
        ("SKU-CAF-12", "Cafetera Andina 12 tazas"),
        "¿Tienen la cafetera en color rojo?",
        30,
        "answered",
    ),
    (
        "DEMO-P-1",
        "post_sale",
        "Ignacio Pérez",
        "2000112233",
        ("SKU-CAF-12", "Cafetera Andina 12 tazas"),
        "Compré hace 4 días y el seguimiento no se mueve. ¿Cuándo llega?",
        "soon",
        None,
    ),
    (
        "DEMO-P-2",
        "post_sale",
        "Catalina Muñoz",
        "2000112244",
        ("SKU-MOL-1", "Molinillo de café manual"),
        "¿Me pueden enviar la boleta de mi compra?",
        60,
        None,
    ),
    (
        "DEMO-P-3",
        "post_sale",
        "Tomás Vera",
        "2000112255",
        ("SKU-HER-3", "Hervidor eléctrico 1,7 L"),
        "Gracias, ya me llegó todo bien.",
        48,
        "closed",
    ),
    (
        "DEMO-R-1",
        "claim",
        "Sofía Castro",
        "2000112266",
        ("SKU-CAF-12", "Cafetera Andina 12 tazas"),
        "La cafetera llegó con la jarra trizada. Quiero que me la cambien.",
        5,
        None,
    ),
    (
        "DEMO-R-2",
        "claim",
        "Benjamín Fuentes",
        "2000112277",
        ("SKU-MOL-1", "Molinillo de café manual"),
        "Pedí dos molinillos y llegó uno solo.",
        "soon",
        None,
    ),
]
SAVED_ANSWERS = [
    (
        "Plazos de despacho",
        "¡Hola! Despachamos dentro de 24 horas hábiles desde la compra. "
        "Apenas salga, verás el número de seguimiento en tu compra.",
    ),
    (
        "Garantía",
        "Todos nuestros productos tienen 6 meses de garantía del fabricante. "
        "Si algo falla, escríbenos por aquí y lo resolvemos.",
    ),
    (
        "Cambio por producto dañado",
        "Lamentamos lo ocurrido. Te enviamos un reemplazo sin costo; "
        "el courier retirará el producto dañado al entregar el nuevo.",
    ),
]


def demo_integration(sellers: list[Seller]) -> Integration:
    integration = Integration.objects.filter(name=DEMO_INTEGRATION).first()
    if integration is None:
        integration = Integration(name=DEMO_INTEGRATION, webhook_url=DEMO_WEBHOOK_URL)
        integration_prepare(integration)
    # The token everyone's local run knows, whatever was generated.
    integration.token_hash, integration.token_prefix = (
        token_hash(DEMO_TOKEN),
        token_prefix(DEMO_TOKEN),
    )
    integration.is_active = True
    integration.save()
    integration.sellers.add(*sellers)
    return integration


def _sent_at_due_soon(seller: Seller, kind: str, now: datetime) -> datetime:
    """A moment in the past whose deadline is within the next 1-2 hours (or the latest
    whose deadline is still ahead, when business hours make that impossible now)."""
    moment, best = now, now
    for _ in range(6 * 24 * 5):  # ten-minute steps, up to five days back
        due = deadlines.deadline(seller=seller, kind=kind, since=moment)
        if due <= now:
            break
        best = moment
        if due <= now + timedelta(minutes=90):
            break
        moment -= timedelta(minutes=10)
    return best


@transaction.atomic
def seed_demo_requests(users: dict) -> int:
    """Create what is missing; returns how many requests were created."""
    now = timezone.now()
    seller_user, other_user = users["seller"], users["seller2"]
    integration = demo_integration([seller_user.seller, other_user.seller])
    for title, body in SAVED_ANSWERS:
        SavedAnswer.objects.get_or_create(
            seller=seller_user.seller,
            title=title,
            defaults={"body": body, "created_by": seller_user},
        )
    created = 0
    for user, prefix in ((seller_user, ""), (other_user, "B-")):
        seller = user.seller
        for external_id, kind, buyer, order, (sku, title), body, age, outcome in REQUESTS:
            if prefix and outcome:
                continue  # the other seller: only a few waiting ones
            sent_at = (
                _sent_at_due_soon(seller, kind, now)
                if age == "soon"
                else now - timedelta(hours=age)
            )
            request, is_new = request_receive(
                integration=integration,
                seller=seller,
                external_id=prefix + external_id,
                kind=kind,
                buyer_name=buyer,
                buyer_email=f"{external_id.lower()}@relay.marketplace.example",
                order_number=order,
                product_sku=sku,
                product_title=title,
                message=IncomingMessage(
                    external_id=f"{prefix}{external_id}-M1",
                    body=body,
                    sent_at=sent_at,
                    digest=f"demo:{prefix}{external_id}:m1",
                ),
                digest=f"demo:{prefix}{external_id}",
            )
            if not is_new:
                continue
            created += 1
            if outcome in ("answered", "closed"):
                request_answer(request=request, author=user, body=SAVED_ANSWERS[0][1])
            if outcome == "closed":
                request_close(request=request, actor=user)
    return created
