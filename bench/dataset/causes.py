"""The default taxonomy's causes, ready to stamp onto generated cases."""

import json
import math
import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from accounts.models import Country
from cases.models import Cause, FieldType, TargetUnit
from cases.taxonomy.defaults import load_default_taxonomy
from cases.taxonomy.fields import serialize_answer

from . import text
from .pgload import escape
from .timeline import CauseInfo

ANSWERS_PER_CAUSE = 40
# How often each record type is filed: most cases are claims and requests.
RECORD_TYPE_WEIGHTS = {"Consulta": 3, "Solicitud": 3, "Reclamo o apelación": 4}

SHORT_TEXTS = {
    "seller_id": lambda rng: f"SC-{rng.randrange(10_000, 99_999)}",
    "tracking_number": lambda rng: f"CX{rng.randrange(10**9, 10**10)}",
    "settlement_number": lambda rng: f"LQ-{rng.randrange(2024, 2027)}-{rng.randrange(1, 9999):04d}",
    "notification_id": lambda rng: f"NT-{rng.randrange(10**6, 10**7)}",
    "endpoint": lambda rng: rng.choice(["/v2/orders", "/v2/stock", "/v1/products", "Multivende"]),
    "brand": lambda rng: rng.choice(["Andes Home", "Kiwi Kids", "Pampa", "Volcán", "Marea"]),
    "category_change": lambda rng: "Hogar > Cocina → Electro > Pequeños electrodomésticos",
    "order_numbers": lambda rng: ", ".join(
        str(rng.randrange(2_000_000_000, 2_099_999_999)) for _ in range(rng.randint(1, 3))
    ),
}


def _value(definition, rng: random.Random, today: date):
    kind = definition.field_type
    if kind == FieldType.ORDER_NUMBER:
        return str(rng.randrange(2_000_000_000, 2_099_999_999))
    if kind == FieldType.SKU:
        return f"SKU-{rng.randrange(100_000, 999_999)}"
    if kind == FieldType.CHOICE:
        return rng.choice(definition.option_list or [""])
    if kind == FieldType.DATE:
        return today - timedelta(days=rng.randrange(1, 700))
    if kind == FieldType.MONTH:
        month = today - timedelta(days=rng.randrange(20, 700))
        return f"{month:%Y-%m}"
    if kind == FieldType.AMOUNT:
        return Decimal(rng.randrange(5_000, 2_500_000))
    if kind == FieldType.INTEGER:
        return rng.randrange(1, 20)
    if kind == FieldType.EMAIL:
        return f"operaciones{rng.randrange(1, 99)}@tienda.cl"
    if kind == FieldType.URL:
        return f"https://www.example.com/producto/{rng.randrange(10_000, 99_999)}"
    if kind == FieldType.LONG_TEXT:
        return " ".join(rng.sample(text.GENERIC_SENTENCES, 2))
    make = SHORT_TEXTS.get(definition.key)
    return make(rng) if make else f"Dato {rng.randrange(1, 999)}"


def _target_days(cause) -> int:
    if cause.target_unit == TargetUnit.DAYS:
        return max(1, cause.target_value)
    return max(1, math.ceil(cause.target_value / 9))  # business hours → days


def load_causes(rng: random.Random, today: date) -> tuple[list[CauseInfo], list[float]]:
    """The causes (with answers serialised as the service stores them) and their weights."""
    load_default_taxonomy()
    causes = (
        Cause.objects.filter(is_active=True)
        .select_related("area__record_type")
        .prefetch_related("fields__per_country")
        .order_by("pk")
    )
    infos, weights = [], []
    with translation.override(settings.LANGUAGE_CODE):
        for cause in causes:
            area, record_type = cause.area, cause.area.record_type
            fields = [f for f in cause.fields.all() if f.is_active]
            plain = [f for f in fields if f.field_type != FieldType.FILE]
            pool = [
                # Shared by the sellers of every country: amounts in Chilean pesos.
                [serialize_answer(f, _value(f, rng, today), country=Country.CHILE) for f in plain]
                for _ in range(ANSWERS_PER_CAUSE)
            ]
            infos.append(
                CauseInfo(
                    pk=cause.pk,
                    area_id=area.pk,
                    record_type_id=record_type.pk,
                    names="\t".join(escape(n) for n in (record_type.name, area.name, cause.name)),
                    reason=escape(
                        json.dumps(
                            f"{record_type.name} / {area.name} / {cause.name}", ensure_ascii=False
                        )
                    ),
                    subjects=text.SUBJECTS.get(cause.name, text.GENERIC_SUBJECTS),
                    sentences=text.SENTENCES.get(area.name, []) + text.GENERIC_SENTENCES,
                    file_fields=[
                        (f.key, f.label, f.required)
                        for f in fields
                        if f.field_type == FieldType.FILE
                    ],
                    answer_pool=pool,
                    target_days=_target_days(cause),
                    priority=cause.default_priority,
                )
            )
            weights.append(RECORD_TYPE_WEIGHTS.get(record_type.name, 3) * rng.uniform(0.3, 1.7))
    return infos, weights
