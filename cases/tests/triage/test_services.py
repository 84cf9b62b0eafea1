"""Training a new version: what it learns from, and how it is kept."""

import pytest

from cases.models import Cause, CauseExamplePhrase, TriageModel
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, case_in_status, create_case
from cases.triage.services import KEEP_VERSIONS, triage_model_train
from cases.triage.suggest import suggest_causes

pytestmark = pytest.mark.django_db


def answerless(name: str) -> Cause:
    """A default cause whose fields are all optional: a case of it needs no answers."""
    cause = Cause.objects.get(name=name)
    cause.fields.update(required=False)
    return cause


def best(text: str) -> str:
    return suggest_causes(text, k=1)[0].cause


@pytest.mark.usefixtures("default_taxonomy")
class TestRetraining:
    def test_a_new_example_phrase_is_learned_at_the_next_training(self):
        cause = Cause.objects.get(name="Certificación de producto")
        triage_model_train()
        assert best("el flurbigato no se deja ver") != cause.name

        CauseExamplePhrase.objects.create(cause=cause, text="el flurbigato no se deja ver")
        assert best("el flurbigato no se deja ver") != cause.name  # until it retrains
        triage_model_train()

        assert best("mi flurbigato otra vez") == cause.name

    def test_a_resolved_cases_words_are_learned_under_its_final_cause(self, seller_user, agent):
        cause = answerless("Usuarios y roles")
        case_in_status(
            seller_user,
            agent,
            CaseStatus.RESOLVED,
            cause=cause,
            subject="Problema con el quintrelazo",
            description="El quintrelazo de la bodega no funciona.",
        )

        model = triage_model_train()

        assert model.case_count == 1
        assert best("otra vez el quintrelazo") == cause.name

    def test_an_open_cases_words_are_not_learned(self, seller_user):
        cause = answerless("Usuarios y roles")
        create_case(seller_user, cause=cause, subject="El quintrelazo", description="Quintrelazo")

        assert triage_model_train().case_count == 0

    def test_an_inactive_cause_is_neither_learned_nor_suggested(self):
        Cause.objects.filter(name="El courier no retiró").update(is_active=False)

        model = triage_model_train()

        assert model.cause_count == 25
        names = [s.cause for s in suggest_causes("el courier no vino a retirar", k=25)]
        assert "El courier no retiró" not in names

    def test_each_version_records_its_data_and_on_request_its_cross_validation(self):
        model = triage_model_train(evaluate=True)

        assert model.cause_count == 26
        assert model.phrase_count >= 26 * 25
        assert model.recipe > 0
        assert model.metrics["cv_top1"] >= 0.85
        assert model.metrics["cv_top3"] >= 0.95

    def test_only_the_newest_versions_are_kept(self):
        for _ in range(KEEP_VERSIONS + 2):
            newest = triage_model_train()

        assert TriageModel.objects.count() == KEEP_VERSIONS
        assert TriageModel.objects.first() == newest


class TestNothingToLearn:
    def test_no_version_before_two_causes_exist(self):
        assert triage_model_train() is None
        CauseFactory()
        assert triage_model_train() is None
        assert not TriageModel.objects.exists()
