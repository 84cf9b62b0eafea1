"""Agents configure a cause's fields in the admin: the technical key is derived from the
label unless they type one, unique within the cause, and fixed once the cause has cases."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from cases.models import CaseField
from cases.models.taxonomy import key_from_label, key_validator
from cases.tests.factories import CaseFieldFactory, CauseFactory, create_case

pytestmark = pytest.mark.django_db


def cause_form(cause, fields: list[dict], initial: int = 0) -> dict:
    data = {
        "area": cause.area_id,
        "name": cause.name,
        "description": "",
        "order": 0,
        "is_active": "on",
        "seller_help": "",
        "subject_example": "",
        "target_value": 2,
        "target_unit": "days",
        "default_priority": "normal",
        "fields-TOTAL_FORMS": len(fields),
        "fields-INITIAL_FORMS": initial,
        # The example phrases' inline (cases/triage), left as it is.
        "example_phrases-TOTAL_FORMS": 0,
        "example_phrases-INITIAL_FORMS": 0,
    }
    for n, field in enumerate(fields):
        row = {"field_type": "short_text", "required": "on", "is_active": "on", "order": n}
        row.update(field)
        data.update({f"fields-{n}-{name}": value for name, value in row.items()})
    return data


def save_cause(client, cause, fields, initial=0):
    url = reverse("admin:cases_cause_change", args=[cause.pk])
    return client.post(url, cause_form(cause, fields, initial))


class TestKeyFromLabel:
    @pytest.mark.parametrize(
        ("label", "key"),
        [
            ("Número de guía", "numero_de_guia"),
            ("Ñandú / Cañón", "nandu_canon"),
            ("3 fotos del producto", "f_3_fotos_del_producto"),
            ("¿?", "field"),
            ("  Monto (CLP)  ", "monto_clp"),
        ],
    )
    def test_is_the_label_in_lowercase_ascii_with_underscores(self, label, key):
        assert key_from_label(label, taken=set()) == key
        key_validator(key)

    def test_never_takes_a_key_already_taken(self):
        taken = {"marca", "marca_2"}

        assert key_from_label("Marca", taken=taken) == "marca_3"

    def test_a_long_label_still_makes_a_valid_key(self):
        key = key_from_label("Descripción " * 20, taken={"descripcion_" * 3})

        key_validator(key)
        assert len(key) <= 50


class TestTheCausePage:
    def test_a_field_without_a_key_gets_one_from_its_label(self, agent_client):
        cause = CauseFactory()

        response = save_cause(agent_client, cause, [{"label": "Número de guía", "key": ""}])

        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        assert list(cause.fields.values_list("key", flat=True)) == ["numero_de_guia"]

    def test_a_key_the_admin_types_is_kept(self, agent_client):
        cause = CauseFactory()

        save_cause(agent_client, cause, [{"label": "Número de guía", "key": "tracking"}])

        assert cause.fields.get().key == "tracking"

    def test_keys_derived_together_are_unique_and_leave_typed_keys_alone(self, agent_client):
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, label="Marca", key="marca")
        fields = [
            {"label": "Marca", "key": "", "id": "", "cause": cause.pk},
            {"label": "Marca", "key": "", "id": "", "cause": cause.pk},
            {"label": "Marca del producto", "key": "marca_2", "id": "", "cause": cause.pk},
        ]
        existing = cause.fields.get()
        rows = [
            {"label": "Marca", "key": "marca", "id": existing.pk, "cause": cause.pk},
            *fields,
        ]

        response = save_cause(agent_client, cause, rows, initial=1)

        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        keys = dict(cause.fields.values_list("label", "key").order_by("order", "id"))
        assert sorted(cause.fields.values_list("key", flat=True)) == [
            "marca",
            "marca_2",
            "marca_3",
            "marca_4",
        ]
        assert keys["Marca del producto"] == "marca_2"

    def test_a_typed_key_already_used_in_the_cause_is_refused_in_spanish(self, agent_client):
        cause = CauseFactory()
        existing = CaseFieldFactory(cause=cause, label="Marca", key="marca")
        rows = [
            {"label": "Marca", "key": "marca", "id": existing.pk, "cause": cause.pk},
            {"label": "Otra", "key": "marca", "id": "", "cause": cause.pk},
        ]

        response = save_cause(agent_client, cause, rows, initial=1)

        assert response.status_code == HTTPStatus.OK
        assert "Otro campo de esta causa tiene esta clave." in response.content.decode()
        assert cause.fields.count() == 1

    def test_two_new_rows_with_the_same_typed_key_are_refused(self, agent_client):
        cause = CauseFactory()
        rows = [
            {"label": "Una", "key": "dato", "id": "", "cause": cause.pk},
            {"label": "Otra", "key": "dato", "id": "", "cause": cause.pk},
        ]

        response = save_cause(agent_client, cause, rows)

        assert response.status_code == HTTPStatus.OK
        assert "Otro campo de esta causa tiene esta clave." in response.content.decode()
        assert not cause.fields.exists()

    def test_the_key_is_fixed_once_the_cause_has_cases(self, agent_client, seller_user):
        cause = CauseFactory()
        field = CaseFieldFactory(cause=cause, label="Marca", key="marca", required=False)
        create_case(seller_user, cause=cause)
        row = {"label": "Marca nueva", "key": "otra", "id": field.pk, "cause": cause.pk}

        page = agent_client.get(reverse("admin:cases_cause_change", args=[cause.pk]))
        response = save_cause(agent_client, cause, [row], initial=1)

        assert 'name="fields-0-key" value="marca" class="vTextField" maxlength="50" disabled' in (
            page.content.decode()
        )
        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        field.refresh_from_db()
        assert (field.label, field.key) == ("Marca nueva", "marca")

    def test_without_cases_an_emptied_key_is_derived_again(self, agent_client):
        cause = CauseFactory()
        field = CaseFieldFactory(cause=cause, label="Marca", key="brand")
        row = {"label": "Marca comercial", "key": "", "id": field.pk, "cause": cause.pk}

        save_cause(agent_client, cause, [row], initial=1)

        field.refresh_from_db()
        assert field.key == "marca_comercial"


class TestTheFieldPage:
    def test_a_field_without_a_key_gets_one_unique_in_its_cause(self, agent_client):
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, label="Marca", key="marca")
        field = CaseFieldFactory(cause=cause, label="Marca", key="brand")
        data = {
            "cause": cause.pk,
            "label": "Marca",
            "key": "",
            "field_type": "short_text",
            "required": "on",
            "is_active": "on",
            "per_country-TOTAL_FORMS": 0,
            "per_country-INITIAL_FORMS": 0,
        }

        response = agent_client.post(reverse("admin:cases_casefield_change", args=[field.pk]), data)

        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        assert CaseField.objects.get(pk=field.pk).key == "marca_2"
