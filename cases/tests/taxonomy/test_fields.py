"""A cause's field definitions as the seller's form fields: what each answer accepts."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.models import CaseField, FieldType
from cases.taxonomy.defaults import load_default_taxonomy
from cases.taxonomy.fields import build_form_field
from cases.tests.factories import CaseFieldFactory

pytestmark = pytest.mark.django_db

# 10:00 in Santiago on Friday 27 November 2026.
NOW = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def errors_of(field, value) -> list[str]:
    try:
        field.clean(value)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.usefixtures("clock")
class TestDates:
    @pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1900-01-01", "2100-01-01"])
    def test_absurd_years_are_refused_in_every_date_field_of_the_default_taxonomy(self, value):
        load_default_taxonomy()
        date_fields = CaseField.objects.filter(field_type=FieldType.DATE)
        assert date_fields.exists()

        for definition in date_fields:
            errors = errors_of(build_form_field(definition, country="CL"), value)
            assert errors, (definition.cause, definition.label, value)
            assert errors[0].startswith("Ingresa una fecha entre el "), errors

    def test_a_field_without_its_own_range_takes_five_years_back_and_one_ahead(self):
        field = build_form_field(CaseFieldFactory.build(field_type=FieldType.DATE), country="CL")

        assert errors_of(field, "2021-11-27") == []
        assert errors_of(field, "2027-11-27") == []
        assert errors_of(field, "2021-11-26") == [
            "Ingresa una fecha entre el 27-11-2021 y el 27-11-2027."
        ]
        assert errors_of(field, "2027-11-28") != []

    def test_a_field_can_say_how_far_back_and_ahead(self):
        definition = CaseFieldFactory.build(
            field_type=FieldType.DATE, date_days_past=30, date_days_ahead=0
        )
        field = build_form_field(definition, country="CL")

        assert errors_of(field, "2026-10-28") == []
        assert errors_of(field, "2026-11-27") == []
        assert errors_of(field, "2026-11-28") == [
            "Ingresa una fecha entre el 28-10-2026 y el 27-11-2026."
        ]
        assert errors_of(field, "2026-10-27") != []

    def test_the_date_picker_offers_the_same_range(self):
        definition = CaseFieldFactory.build(
            field_type=FieldType.DATE, date_days_past=365, date_days_ahead=30
        )

        attrs = build_form_field(definition, country="CL").widget.attrs

        assert attrs["min"] == "2025-11-27"
        assert attrs["max"] == "2026-12-27"

    def test_the_range_follows_the_day_the_seller_answers(self):
        definition = CaseFieldFactory.build(field_type=FieldType.DATE, date_days_ahead=0)
        with time_machine.travel(datetime(2027, 3, 1, 15, 0, tzinfo=UTC), tick=False):
            field = build_form_field(definition, country="CL")

        assert field.clean("2027-03-01") == date(2027, 3, 1)
        assert errors_of(field, "2027-03-02") != []

    def test_the_default_taxonomy_bounds_its_dates_as_they_happen(self):
        load_default_taxonomy()
        received = CaseField.objects.filter(key="received_date").first()
        deadline = CaseField.objects.filter(key="dispatch_deadline").first()

        # A return is received before today; a dispatch deadline may still be ahead.
        assert errors_of(build_form_field(received, country="CL"), "2026-11-28") != []
        assert errors_of(build_form_field(received, country="CL"), "2026-11-27") == []
        assert errors_of(build_form_field(deadline, country="CL"), "2026-12-10") == []
        assert errors_of(build_form_field(deadline, country="CL"), "2023-11-27") != []


class TestSku:
    @pytest.mark.parametrize(
        "value",
        [
            "PIÑA-500G",
            "piña 500 g",
            "ÑANDÚ áéíóúü ÁÉÍÓÚÜ",
            "CAF/123.2_rojo",
            "Caja  grande",
            "7",
            "A" * 50,
        ],
    )
    def test_takes_every_letter_digit_and_sign_its_message_names(self, value):
        field = build_form_field(CaseFieldFactory.build(field_type=FieldType.SKU), country="CL")

        assert errors_of(field, value) == []

    @pytest.mark.parametrize("value", ["SKU#1", "-SKU", "<b>", "SKU;1", "A" * 51])
    def test_refuses_the_rest_saying_what_it_takes(self, value):
        field = build_form_field(CaseFieldFactory.build(field_type=FieldType.SKU), country="CL")

        assert errors_of(field, value) == [
            "Ingresa un SKU con letras, dígitos, espacios, puntos, guiones, barras o guiones bajos."
        ]


class TestDateRangeDefinition:
    def test_only_date_fields_take_a_date_range(self):
        field = CaseFieldFactory.build(field_type=FieldType.SHORT_TEXT, date_days_past=3)

        with pytest.raises(ValidationError) as exc:
            field.clean()

        assert "date_days_past" in exc.value.message_dict
