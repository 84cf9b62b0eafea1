"""Respuestas rápidas: which ones a case page offers, and their text filled for a case.

The placeholders are a fixed list substituted by code ({nombre_vendedor}, ...): the text
an agent wrote is never evaluated as a template, so nothing in it runs. The result is
plain text; the page escapes it like any other text (it fills a textarea)."""

import re

from django.db import models
from django.db.models import Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.time_zones import seller_zone

from .models import Case, QuickReply

PLACEHOLDERS = {
    "nombre_vendedor": _("the seller's name"),
    "numero_caso": _("the case number"),
    "asunto": _("the case's subject"),
    "fecha_estimada": _("the estimated resolution date"),
    "nombre_agente": _("the agent's name"),
}
PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def placeholder_values(case: Case, agent) -> dict[str, str]:
    eta = ""
    if case.eta_due_at:
        eta = case.eta_due_at.astimezone(seller_zone(case.seller)).strftime("%d-%m-%Y")
    return {
        "nombre_vendedor": case.seller.trade_name,
        "numero_caso": str(case.number),
        "asunto": case.subject,
        "fecha_estimada": eta,
        "nombre_agente": agent.get_full_name() or str(agent),
    }


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Each known {placeholder} replaced by its value; anything else left as written."""
    return PLACEHOLDER_RE.sub(lambda match: values[match.group(1)], text)


def quick_replies_for_case(case: Case) -> QuerySet[QuickReply]:
    """The active replies that apply to the case: its cause's first, then its area's,
    then the general ones, each by title. One query."""
    return (
        QuickReply.objects.filter(is_active=True)
        .filter(Q(cause__isnull=True) | Q(cause_id=case.cause_id))
        .filter(Q(area__isnull=True) | Q(area_id=case.area_id))
        .annotate(
            fit=models.Case(
                When(cause_id=case.cause_id, then=Value(0)),
                When(area_id=case.area_id, then=Value(1)),
                default=Value(2),
                output_field=models.IntegerField(),
            )
        )
        .order_by("fit", "title", "pk")
    )


def quick_reply_choices(case: Case, agent) -> list[dict]:
    """For the picker: each reply with its text filled for this case."""
    values = placeholder_values(case, agent)
    return [
        {
            "reply": reply,
            "text": fill_placeholders(reply.body, values),
            "task_text": fill_placeholders(reply.task_text, values),
        }
        for reply in quick_replies_for_case(case)
    ]
