"""Text that agents and admins write reaches sellers as text, never as markup.

Every prose field of the taxonomy models (found from the models' fields, so a field added
later is covered too), the agents' requests and replies, get a piece of markup; the test
walks every seller page of the wizard, the summary sheet, the case page, the trays and
the emails, and finds each piece escaped on some page and unescaped on none.
"""

from http import HTTPStatus

import pytest
from django.core import mail
from django.db import models
from django.urls import reverse

from cases.models import Area, Case, CaseField, CaseFieldCountry, Cause, FieldType, RecordType
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_open
from cases.tests.wizard_helpers import confirm, post_step, step_url, valid_answers

pytestmark = pytest.mark.django_db

TAXONOMY_MODELS = [RecordType, Area, Cause, CaseField, CaseFieldCountry]
# Identifiers and regular expressions, validated as such: no prose goes there.
NOT_PROSE = {"key", "pattern"}
RAW = "<marquee"


def prose_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and field.name not in NOT_PROSE
    ]


def markup(where: str) -> str:
    return f'<marquee title="x">{where}</marquee>'


def escaped(where: str) -> str:
    """The start of the markup for `where` (and any suffix after it), escaped."""
    return f"&lt;marquee title=&quot;x&quot;&gt;{where}"


def with_markup(model, obj, suffix="", **values):
    for name in prose_fields(model):
        setattr(obj, name, values.get(name, markup(f"{model.__name__}.{name}{suffix}")))
    obj.save()
    return obj


@pytest.fixture
def marked_cause():
    record_type = with_markup(RecordType, RecordType(order=0))
    area = with_markup(Area, Area(record_type=record_type))
    cause = with_markup(Cause, Cause(area=area, target_value=2))
    for order, kind in enumerate(FieldType.values):
        field = CaseField(
            cause=cause,
            key=f"f_{kind}",
            field_type=kind,
            order=order,
            required=kind != FieldType.FILE,
            pattern=r"^[\d, ]+$" if kind == FieldType.SHORT_TEXT else "",
        )
        with_markup(
            CaseField, field, suffix=f".{kind}", options=markup(f"CaseField.options.{kind}")
        )
    # A choice with options of the seller's country (Chile): those are shown instead.
    chilean = CaseField(cause=cause, key="f_chilean", field_type=FieldType.CHOICE, order=99)
    with_markup(CaseField, chilean, suffix=".chilean")
    with_markup(CaseFieldCountry, CaseFieldCountry(field=chilean, country="CL"))
    return cause


def pages_of_a_seller_filing_a_case(client, cause) -> dict[str, str]:
    pages = {}
    pages["tipo"] = client.get(step_url("tipo"))
    post_step(client, "tipo", {"record_type": cause.area.record_type.pk})
    pages["area"] = client.get(step_url("area"))
    post_step(client, "area", {"area": cause.area.pk})
    pages["causa"] = client.get(step_url("causa"))
    post_step(client, "causa", {"cause": cause.pk})
    pages["datos"] = client.get(step_url("datos"))
    data, files = valid_answers(cause)
    bad = {**data, "answer_f_short_text": "not digits", "subject": "a", "description": "b"}
    pages["datos with errors"] = post_step(client, "datos", bad, files)
    files = valid_answers(cause)[1]  # the first ones were read
    post_step(client, "datos", {**data, "subject": "Asunto", "description": "b"}, files)
    pages["resumen"] = client.get(step_url("resumen"))
    created, _ = confirm(client)
    pages["summary sheet"] = client.get(created["Location"])
    return pages


def test_every_agent_written_text_reaches_the_seller_escaped(
    seller_client, seller_user, agent, marked_cause, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pages = pages_of_a_seller_filing_a_case(seller_client, marked_cause)
        case = Case.objects.get()
        task_open(case=case, requested_by=agent, request_text=markup("PendingTask.request_text"))
        comment_add(case=case, author=agent, body=markup("Comment.body"))
    pages["case page"] = seller_client.get(case.get_absolute_url())
    pages["home"] = seller_client.get(reverse("cases:support_home"))
    pages["tray"] = seller_client.get(reverse("cases:tray", args=["todos"]))
    html = {name: response.content.decode() for name, response in pages.items()}
    for name, response in pages.items():
        assert response.status_code == HTTPStatus.OK, name
    for message in mail.outbox:
        html[f"email {message.subject}"] = message.alternatives[0][0]
    assert len(mail.outbox) >= 3  # created, task opened, support replied

    unescaped = [name for name, page in html.items() if RAW in page]
    assert unescaped == []
    expected = [
        f"{model.__name__}.{name}" for model in TAXONOMY_MODELS for name in prose_fields(model)
    ] + ["PendingTask.request_text", "Comment.body"]
    never_shown = [
        where for where in expected if not any(escaped(where) in p for p in html.values())
    ]
    assert never_shown == []
    every_type = [f"CaseField.help_text.{kind}" for kind in FieldType.values]
    assert [w for w in every_type if f"{escaped(w)}&lt;" not in html["datos"]] == []
