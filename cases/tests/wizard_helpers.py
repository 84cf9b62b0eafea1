"""Drive the CREAR CASO wizard through the test client, as a browser would."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from cases.models import Cause, FieldType
from cases.tests.factories import PNG_BYTES, upload

PREFIX = "case_create_wizard"


def step_url(step: str) -> str:
    return reverse("cases:create_step", args=[step])


def post_step(client, step, data=None, files=None, **extra):
    payload = {f"{PREFIX}-current_step": step}
    payload.update({f"{step}-{k}": v for k, v in (data or {}).items()})
    payload.update({f"{step}-{k}": v for k, v in (files or {}).items()})
    payload.update(extra)
    return client.post(step_url(step), payload)


def go_back(client, current, to):
    return client.post(
        step_url(current), {f"{PREFIX}-current_step": current, "wizard_goto_step": to}
    )


VALID = {
    FieldType.ORDER_NUMBER: "2026112701",
    FieldType.SKU: "SKU-ROJO-42",
    FieldType.MONTH: "2026-10",
    FieldType.AMOUNT: "15.000",
    FieldType.INTEGER: "3",
    FieldType.EMAIL: "bodega@tienda.cl",
    FieldType.URL: "https://www.example.com/p/1",
    FieldType.LONG_TEXT: "El producto llegó con la caja abierta.",
    FieldType.SHORT_TEXT: "LIQ-4501",
}


def valid_answers(cause, country: str = "CL") -> tuple[dict, dict]:
    """Valid data and files for every active field of a cause (answer_ prefixed), for a
    seller of this country."""
    data, files = {}, {}
    for field in cause.fields.filter(is_active=True).prefetch_related("per_country"):
        name = f"answer_{field.key}"
        if field.field_type == FieldType.FILE:
            files[name] = upload(f"{field.key}.png", PNG_BYTES, "image/png")
        elif field.field_type == FieldType.CHOICE:
            data[name] = field.options_for(country)[0]
        elif field.pattern:
            data[name] = "123456, 234567"
        elif field.field_type == FieldType.DATE:  # every date field takes last week's
            data[name] = (timezone.localdate() - timedelta(days=7)).isoformat()
        else:
            data[name] = VALID[field.field_type]
    return data, files


def run_wizard(
    client, cause, *, subject="Problema con la orden", data=None, files=None, country="CL"
):
    """Every step up to the summary; returns the summary page response."""
    area, record_type = cause.area, cause.area.record_type
    post_step(client, "tipo", {"record_type": record_type.pk})
    post_step(client, "area", {"area": area.pk})
    post_step(client, "causa", {"cause": cause.pk})
    answers, answer_files = valid_answers(cause, country)
    answers.update(data or {})
    answer_files.update(files or {})
    response = post_step(
        client,
        "datos",
        {**answers, "subject": subject, "description": "Detalle del problema."},
        answer_files,
    )
    assert response.status_code == 302, response.content.decode()[:4000]
    return client.get(step_url("resumen"))


def confirm(client):
    page = client.get(step_url("resumen"))
    key = page.context["wizard"]["form"].initial["submission_key"]
    return post_step(client, "resumen", {"submission_key": key}), key


def cause(name: str) -> Cause:
    """A cause of the default taxonomy, by name."""
    return Cause.objects.select_related("area__record_type").get(name=name)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]
