from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.models import Area, CaseField, Cause, FieldType, RecordType
from cases.taxonomy.defaults import load_default_taxonomy
from cases.tests.factories import CaseFieldFactory

pytestmark = pytest.mark.django_db


class TestDefaultTaxonomy:
    def test_ships_the_three_record_types_in_spanish(self):
        load_default_taxonomy()

        assert list(RecordType.objects.values_list("name", flat=True)) == [
            "Consulta",
            "Solicitud",
            "Reclamo o apelación",
        ]

    def test_every_cause_asks_for_fields_and_has_a_target(self):
        load_default_taxonomy()

        causes = Cause.objects.all()
        assert causes.count() == 26  # every cause of ../shared/TAXONOMY.md, once
        for cause in causes:
            assert cause.fields.exists(), cause
            assert cause.target_value > 0

    def test_a_damaged_return_asks_for_photos_and_the_label(self):
        load_default_taxonomy()

        cause = Cause.objects.get(name="Devolución llegó en mal estado")
        fields = {f.key: f for f in cause.fields.all()}
        assert fields["product_photos"].field_type == FieldType.FILE
        assert fields["product_photos"].required
        assert fields["label_photo"].field_type == FieldType.FILE
        assert "tres fotos" in cause.seller_help

    def test_loading_twice_creates_nothing_and_keeps_agents_edits(self):
        load_default_taxonomy()
        Cause.objects.filter(name="Pago no recibido").update(target_value=9, is_active=False)

        assert load_default_taxonomy() == 0
        cause = Cause.objects.get(name="Pago no recibido")
        assert cause.target_value == 9
        assert not cause.is_active
        assert Area.objects.filter(name="Órdenes y despacho").count() == 3

    def test_every_cause_has_its_own_subject_example(self):
        load_default_taxonomy()

        examples = list(Cause.objects.values_list("subject_example", flat=True))
        assert all(examples)
        assert len(set(examples)) == len(examples)

    def test_no_field_is_called_like_the_cases_reason(self):
        load_default_taxonomy()

        assert not CaseField.objects.filter(label__iexact="Motivo").exists()

    def test_every_default_field_definition_is_valid(self):
        load_default_taxonomy()

        for field in CaseField.objects.all():
            field.full_clean()


class TestCaseFieldValidation:
    def test_a_choice_without_options_is_refused(self):
        field = CaseFieldFactory.build(field_type=FieldType.CHOICE, options="")

        with pytest.raises(ValidationError) as exc:
            field.clean()

        assert "options" in exc.value.message_dict

    def test_bounds_only_on_numbers_and_never_inverted(self):
        text = CaseFieldFactory.build(field_type=FieldType.SHORT_TEXT, min_value=Decimal(1))
        inverted = CaseFieldFactory.build(
            field_type=FieldType.AMOUNT, min_value=Decimal(10), max_value=Decimal(1)
        )

        with pytest.raises(ValidationError):
            text.clean()
        with pytest.raises(ValidationError):
            inverted.clean()

    def test_a_broken_pattern_is_refused(self):
        field = CaseFieldFactory.build(field_type=FieldType.SKU, pattern="[a-")

        with pytest.raises(ValidationError) as exc:
            field.clean()

        assert "pattern" in exc.value.message_dict
