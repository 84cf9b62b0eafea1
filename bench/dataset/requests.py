"""Customer requests for the benchmark dataset (`manage.py generate_requests`), added to the
sellers `manage.py generate_dataset` made (bench/dataset): Zipf over the same sellers (the
largest has ~11%), spread over the last `years`, each with its messages. Most are answered
or closed; the last days' are often still waiting, some late, some due today. Rows go in
with PostgreSQL COPY (bench/dataset/pgload.py); the search documents come from the trigger.
"""

import random
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection, transaction

from accounts.models import Seller, User
from customers import deadlines
from customers.models import Integration
from customers.services import request_counts_rebuild
from customers.services.integrations import integration_prepare
from customers.tokens import token_hash, token_prefix

from .pgload import SequenceBlock, copy_rows, escape, indexes_built_after

# The bench's own integration: `make bench` posts requests to the API with this token.
BENCH_TOKEN = "scm_bench-marketplace-token-2026"
BENCH_INTEGRATION = "Bench marketplace"
REQUEST_COLUMNS = (
    "id", "integration_id", "external_id", "seller_id", "kind", "status", "order_number",
    "product_sku", "product_title", "buyer_name", "buyer_email", "summary", "received_at",
    "last_message_at", "updated_at", "awaiting_since", "due_at", "first_due_at",
    "first_answered_at", "first_answer_business_seconds", "closed_at", "payload_digest",
    "alerted_at",
)  # fmt: skip
MESSAGE_COLUMNS = (
    "request_id", "external_id", "author", "author_user_id", "body", "sent_at", "payload_digest"
)  # fmt: skip
NULL = r"\N"
HOUR = 3600
KINDS = [("question", 55), ("post_sale", 35), ("claim", 10)]
PRODUCTS = [
    ("SKU-CAF-12", "Cafetera Andina 12 tazas"), ("SKU-HER-3", "Hervidor eléctrico 1,7 L"),
    ("SKU-MOL-1", "Molinillo de café manual"), ("SKU-ZAP-40", "Zapatillas urbanas talla 40"),
    ("SKU-POL-M", "Polera algodón orgánico M"), ("SKU-AUD-2", "Audífonos inalámbricos"),
    ("SKU-LAM-7", "Lámpara de escritorio LED"), ("SKU-MOCH-1", "Mochila impermeable 25 L"),
]  # fmt: skip
QUESTIONS = [
    "Hola, ¿tienen stock en color negro?", "¿Hacen envíos a regiones?",
    "¿El producto trae garantía? ¿De cuánto tiempo?", "¿Qué medidas tiene exactamente?",
    "¿Emiten factura?", "¿Cuánto demora el despacho a Santiago?",
]  # fmt: skip
POST_SALE = [
    "Compré hace 4 días y el seguimiento no se mueve. ¿Cuándo llega?",
    "¿Me pueden enviar la boleta de mi compra?", "Quiero cambiar la dirección de despacho.",
    "El producto llegó bien, pero falta el manual de instrucciones.",
]  # fmt: skip
CLAIMS = [
    "El producto llegó roto. Quiero que me lo cambien.", "Pedí dos unidades y llegó una.",
    "Me llegó un producto distinto al que compré.", "Nunca me llegó el pedido.",
]  # fmt: skip
ANSWERS = [
    "Hola, gracias por escribirnos. Lo revisamos y te confirmamos hoy mismo.",
    "Despachamos dentro de 24 horas hábiles; verás el seguimiento en tu compra.",
    "Lamentamos lo ocurrido: te enviamos un reemplazo sin costo.",
]
BUYERS = ["Javiera", "Matías", "Fernanda", "Ignacio", "Catalina", "Tomás", "Sofía", "Benjamín"]
SURNAMES = ["Soto", "Rojas", "Díaz", "Pérez", "Muñoz", "Vera", "Castro", "Fuentes", "Silva"]


@dataclass
class Summary:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    big_seller: tuple[str, int] = ("", 0)


def requests_per_seller(total: int, sellers: int, skew: float) -> list[int]:
    """Zipf's law, exact total (as the cases: bench/dataset/people.cases_per_seller)."""
    weights = [1 / rank**skew for rank in range(1, sellers + 1)]
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(sellers), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def bench_integration(seller_ids: list[int]) -> Integration:
    integration = Integration(name=BENCH_INTEGRATION, requests_per_minute=1_000_000)
    integration_prepare(integration)
    integration.token_hash, integration.token_prefix = (
        token_hash(BENCH_TOKEN),
        token_prefix(BENCH_TOKEN),
    )
    integration.save()
    through = Integration.sellers.through
    through.objects.bulk_create(
        [through(integration_id=integration.pk, seller_id=pk) for pk in seller_ids],
        batch_size=5000,
    )
    return integration


def _t(value: float | None) -> str:
    return NULL if value is None else datetime.fromtimestamp(value, UTC).isoformat()


def generate(
    *,
    requests: int = 1_000_000,
    years: int = 2,
    seed: int = 2026,
    skew: float = 1.0,
    prefix: str = "GEN-",
    chunk: int = 20_000,
    write=print,
) -> Summary:
    started, rng, now = time.monotonic(), random.Random(seed), time.time()
    sellers = list(Seller.objects.filter(code__startswith=prefix).order_by("code"))
    if not sellers:
        raise ValueError("No generated sellers: run `manage.py generate_dataset` first.")
    first_user: dict[int, int] = {}
    for seller_id, user_id in (
        User.objects.filter(seller__in=sellers)
        .order_by("seller_id", "pk")
        .values_list("seller_id", "pk")
    ):
        first_user.setdefault(seller_id, user_id)
    counts = requests_per_seller(requests, len(sellers), skew)
    owners = [rank for rank, count in enumerate(counts) for _ in range(count)]
    rng.shuffle(owners)
    span = years * 365 * 24 * HOUR
    kinds, kind_weights = [k for k, _w in KINDS], [w for _k, w in KINDS]
    totals = {"customers_customerrequest": 0, "customers_requestmessage": 0}
    with transaction.atomic(), connection.cursor() as cursor:
        integration = bench_integration([s.pk for s in sellers])
        ids = SequenceBlock.for_identity(cursor, "customers_customerrequest")
        # Below this many, loading with the indexes in place is quicker than rebuilding.
        deferral = (
            indexes_built_after(cursor, list(totals), log=_Log(write))
            if requests >= 50_000
            else nullcontext()
        )
        with deferral:
            for first in range(0, requests, chunk):
                request_rows, message_rows = [], []
                for index in range(first, min(first + chunk, requests)):
                    seller = sellers[owners[index]]
                    # Growing over the years: more requests lately (density rising 0.4 → 1.4).
                    u = -0.4 + (0.16 + 1.8 * rng.random()) ** 0.5
                    sent = now - span + u * span
                    _one(
                        rng, request_rows, message_rows, ids.take(), integration.pk, index,
                        seller, first_user.get(seller.pk), rng.choices(kinds, kind_weights)[0],
                        sent, now,
                    )  # fmt: skip
                copy_rows(cursor, "customers_customerrequest", REQUEST_COLUMNS, request_rows)
                copy_rows(cursor, "customers_requestmessage", MESSAGE_COLUMNS, message_rows)
                totals["customers_customerrequest"] += len(request_rows)
                totals["customers_requestmessage"] += len(message_rows)
                done = min(first + chunk, requests)
                if done % 100_000 == 0 or done == requests:
                    write(f"  … {done:,} requests ({time.monotonic() - started:.0f} s)")
        request_counts_rebuild(seller_ids=[s.pk for s in sellers])
    with connection.cursor() as cursor:
        for table in totals:
            cursor.execute(f"ANALYZE {table}")
    return Summary(rows=totals, seconds=time.monotonic() - started,
                   big_seller=(sellers[0].code, counts[0]))  # fmt: skip


class _Log:
    def __init__(self, write):
        self.write = write

    def timed(self, label):
        self.write(f"  {label}")
        return nullcontext()


def _one(rng, request_rows, message_rows, pk, integration_id, n, seller, user_id, kind, sent, now):
    """One request and its messages, as COPY lines."""
    age_hours = (now - sent) / HOUR
    hours = {"question": 24, "post_sale": 8, "claim": 48}[kind]
    # The deadline, roughly: business hours are ~13 of 24, six days of seven.
    rough_due = sent + hours * HOUR * 2.1
    if age_hours < 72 and rng.random() < 0.6:
        status = "awaiting"
    else:
        status = "closed" if rng.random() < 0.3 else "answered"
    answered_at = seconds = None
    if status != "awaiting" or rng.random() < 0.2:
        late = rng.random() < 0.12
        answered_at = (
            rough_due + rng.random() * 24 * HOUR
            if late
            else sent + rng.random() * (rough_due - sent)
        )
        answered_at = min(answered_at, now - 60)
        seconds = int(max(answered_at - sent, 60) * 0.5)
    due = awaiting = None
    if status == "awaiting":
        # Waiting for the first answer, or again after a new message of the buyer.
        awaiting = sent if answered_at is None else min(answered_at + 600, now - 30)
        due = deadlines.deadline(
            seller=seller, kind=kind, since=datetime.fromtimestamp(awaiting, UTC)
        ).timestamp()
    last = max(filter(None, [sent, answered_at, awaiting]))
    closed = last + HOUR if status == "closed" else None
    product = PRODUCTS[n % len(PRODUCTS)]
    text = rng.choice({"question": QUESTIONS, "post_sale": POST_SALE, "claim": CLAIMS}[kind])
    order = "" if kind == "question" else f"20{n:08d}"
    buyer = f"{rng.choice(BUYERS)} {rng.choice(SURNAMES)}"
    request_rows.append(
        "\t".join(
            [
                str(pk),
                str(integration_id),
                f"GEN-R-{n}",
                str(seller.pk),
                kind,
                status,
                order,
                product[0],
                escape(product[1]),
                escape(buyer),
                f"b{n}@relay.marketplace.example",
                escape(text),
                _t(sent),
                _t(last),
                _t(closed or last),
                _t(awaiting),
                _t(due),
                _t(due if due is not None and answered_at is None else rough_due),
                _t(answered_at),
                NULL if seconds is None else str(seconds),
                _t(closed),
                f"gen:{n}",
                _t(sent),
            ]
        )  # fmt: skip
    )
    message_rows.append(
        "\t".join([str(pk), f"GEN-M-{n}", "buyer", NULL, escape(text), _t(sent), ""])
    )
    if answered_at is not None:
        author = NULL if user_id is None else str(user_id)
        message_rows.append(
            "\t".join(
                [str(pk), "", "seller", author, escape(rng.choice(ANSWERS)), _t(answered_at), ""]
            )
        )
        if status == "awaiting":
            again = escape("¿Me pueden responder, por favor?")
            message_rows.append(
                "\t".join([str(pk), f"GEN-M2-{n}", "buyer", NULL, again, _t(awaiting), ""])
            )
