"""The agents' admin speaks the portal's Spanish: tú, real plurals, the right article."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import Cause, TargetUnit
from cases.tests.factories import CaseFieldFactory, CauseFactory, RecordTypeFactory, create_case

pytestmark = pytest.mark.django_db

# What must never reach an agent: "caso(s)", usted forms, a masculine article before a
# feminine model name, a singular count with a plural noun.
FORBIDDEN = [
    (re.compile(r"\w\((?:s|es|as|os)\)"), "a '(s)' plural"),
    (
        re.compile(
            r"\b(?:usted|corrija|seleccione|introduzca|ingrese|haga clic|olvidó|"
            r"puede volverlo|puede agregar|puede editarlo)\b",
            re.IGNORECASE,
        ),
        "usted",
    ),
    (re.compile(r"\b(?:el|un|del|al|este) (?:causa|solicitud|tarea)\b", re.I), "a wrong article"),
    (re.compile(r"\b1 (?:días|horas|casos)\b"), "a singular count with a plural noun"),
]


def visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def wording_problems(text: str) -> list[str]:
    return [f"{what}: {m.group(0)!r}" for rx, what in FORBIDDEN for m in rx.finditer(text)]


def messages_of(response) -> list[str]:
    return [re.sub(r"<[^>]+>", "", str(m)) for m in get_messages(response.wsgi_request)]


class TestThePatternsCatchTheOldWording:
    @pytest.mark.parametrize(
        "text",
        [
            "3 caso(s) resuelto(s).",
            "El causa “Pago” se cambió correctamente.",
            "Por favor, corrija los siguientes errores.",
            "objetivo: 1 días hábiles",
        ],
    )
    def test_each_old_phrase_is_found(self, text):
        assert wording_problems(text)


class TestEveryAdminPage:
    @pytest.mark.parametrize(
        "model_admin", list(admin.site._registry.values()), ids=lambda m: m.opts.label
    )
    def test_list_add_and_change_pages_read_in_the_portals_spanish(
        self, client, superuser, seller_user, model_admin
    ):
        cause = CauseFactory(target_value=1)
        CaseFieldFactory(cause=cause, required=False)
        case = create_case(seller_user, cause=cause)
        objects = {"case": case, "cause": cause, "area": cause.area, "user": seller_user}
        objects["recordtype"] = cause.area.record_type
        objects["seller"] = seller_user.seller
        client.force_login(superuser)
        base = f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"
        pages = [reverse(f"{base}_changelist"), reverse(f"{base}_add")]
        obj = objects.get(model_admin.opts.model_name) or model_admin.model.objects.first()
        if obj is not None:
            pages.append(reverse(f"{base}_change", args=[obj.pk]))

        for page in pages:
            response = client.get(page)
            if response.status_code == 200:
                assert wording_problems(visible_text(response.content.decode())) == [], page


class TestMessages:
    def test_saving_names_the_object_without_a_gendered_article(self, client, superuser):
        client.force_login(superuser)

        response = client.post(
            reverse("admin:cases_recordtype_add"),
            {
                "name": "Consultas",
                "description": "",
                "order": "1",
                "is_active": "on",
                "areas-TOTAL_FORMS": "0",
                "areas-INITIAL_FORMS": "0",
                "_continue": "1",
            },
        )

        assert messages_of(response) == [
            "Se agregó «Consultas» (tipo de registro). Puedes seguir editando abajo."
        ]

    def test_a_form_with_errors_asks_in_tu(self, client, superuser):
        client.force_login(superuser)

        response = client.post(
            reverse("admin:cases_recordtype_add"),
            {"name": "", "order": "x", "areas-TOTAL_FORMS": "0", "areas-INITIAL_FORMS": "0"},
        )

        assert "Corrige los errores de abajo." in visible_text(response.content.decode())

    @pytest.mark.parametrize(
        ("count", "text"), [(1, "1 caso resuelto."), (3, "3 casos resueltos.")]
    )
    def test_bulk_actions_count_in_real_plurals(self, agent_client, seller_user, count, text):
        cases = [create_case(seller_user) for _ in range(count)]

        response = agent_client.post(
            reverse("admin:cases_case_changelist"),
            {
                "action": "mark_resolved",
                "_selected_action": [c.pk for c in cases],
                "confirmado": "1",
                "message": "Corregimos el error.",
            },
        )

        assert text in messages_of(response)

    @pytest.mark.parametrize(("count", "text"), [(1, "Se desactivó 1."), (2, "Se desactivaron 2.")])
    def test_taxonomy_actions_too(self, agent_client, count, text):
        types = [RecordTypeFactory() for _ in range(count)]

        response = agent_client.post(
            reverse("admin:cases_recordtype_changelist"),
            {"action": "deactivate", "_selected_action": [t.pk for t in types]},
        )

        assert messages_of(response) == [text]


class TestTargets:
    @pytest.mark.parametrize(
        ("value", "unit", "text"),
        [
            (1, TargetUnit.DAYS, "1 día hábil"),
            (5, TargetUnit.DAYS, "5 días hábiles"),
            (1, TargetUnit.HOURS, "1 hora hábil"),
            (8, TargetUnit.HOURS, "8 horas hábiles"),
        ],
    )
    def test_a_causes_target_is_said_with_its_number(self, agent_client, value, unit, text):
        cause = CauseFactory(target_value=value, target_unit=unit)

        page = agent_client.get(reverse("admin:cases_cause_changelist")).content.decode()

        assert Cause.objects.get(pk=cause.pk).target_display == text
        assert text in visible_text(page)
