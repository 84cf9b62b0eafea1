"""Suggesting causes: what a seller is offered, and where the model comes from."""

import pytest

from cases.models import Cause, CauseExamplePhrase, TriageModel
from cases.status import CaseStatus
from cases.tests.factories import case_in_status
from cases.triage.classifier import RECIPE
from cases.triage.services import triage_model_train
from cases.triage.suggest import suggest_causes

pytestmark = pytest.mark.django_db


def answerless(name: str) -> Cause:
    """A default cause whose fields are all optional: a case of it needs no answers."""
    cause = Cause.objects.get(name=name)
    cause.fields.update(required=False)
    return cause


@pytest.mark.usefixtures("default_taxonomy")
class TestSuggestions:
    def test_a_fresh_install_learns_from_the_example_phrases_on_first_use(self):
        assert not TriageModel.objects.exists()

        suggestions = suggest_causes("el courier no vino a retirar los pedidos")

        assert TriageModel.objects.count() == 1
        assert len(suggestions) == 3
        assert suggestions[0].cause == "El courier no retiró"
        assert str(suggestions[0]) == "Solicitud › Órdenes y despacho › El courier no retiró"

    def test_three_different_offered_causes_best_first(self):
        suggestions = suggest_causes("me cobraron de más en la liquidación")

        assert suggestions[0].cause == "Diferencia en liquidación"
        assert len({s.cause_id for s in suggestions}) == 3
        assert [s.score for s in suggestions] == sorted([s.score for s in suggestions])[::-1]

    def test_a_text_without_words_gets_no_suggestion(self):
        assert suggest_causes("") == []
        assert suggest_causes("   \n ") == []

    def test_a_cause_deactivated_after_training_is_no_longer_offered(self):
        suggest_causes("x")  # trains
        Cause.objects.filter(name="El courier no retiró").update(is_active=False)

        suggestions = suggest_causes("el courier no vino a retirar los pedidos")

        assert "El courier no retiró" not in [s.cause for s in suggestions]
        assert len(suggestions) == 3

    def test_a_newer_version_is_used_by_a_process_that_loaded_an_older_one(self):
        cause = Cause.objects.get(name="Crear marca o atributo")
        suggest_causes("x")  # this process loads the first version
        CauseExamplePhrase.objects.create(cause=cause, text="necesito un zampurrio")
        triage_model_train()

        assert suggest_causes("zampurrio", k=1)[0].cause == cause.name

    def test_suggestions_carry_cause_names_only_never_a_cases_text(self, seller_user, agent):
        cause = answerless("Pago no recibido")
        secret = "Tienda Uno: el depósito de 4.500.000 a la cuenta 1234 de Ana Pérez"
        case_in_status(
            seller_user, agent, CaseStatus.RESOLVED, cause=cause, subject=secret, description=secret
        )
        triage_model_train()
        names = {
            value
            for c in Cause.objects.select_related("area__record_type")
            for value in (c.name, c.area.name, c.area.record_type.name)
        }

        for suggestion in suggest_causes(secret, k=26):
            assert {suggestion.record_type, suggestion.area, suggestion.cause} <= names
            assert "Ana" not in str(suggestion)

    @pytest.mark.parametrize(
        "stored", [b"not an npz file", b"", b"PK\x03\x04 a truncated zip"], ids=str
    )
    def test_an_unreadable_stored_model_gives_no_suggestion_rather_than_an_error(self, stored):
        TriageModel.objects.create(recipe=RECIPE, arrays=stored)

        assert suggest_causes("el courier no vino") == []


class TestWithoutTaxonomy:
    def test_no_cause_no_suggestion(self):
        assert suggest_causes("el courier no vino") == []
