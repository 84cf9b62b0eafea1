"""The example phrases the default taxonomy ships: for new installs (the loader) and
for installs that loaded the taxonomy before (migration 0016)."""

import importlib

import pytest
from django.apps import apps

from cases.models import Cause, CauseExamplePhrase
from cases.taxonomy.defaults import load_default_taxonomy
from cases.triage.phrases import DEFAULT_PHRASES

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cases.migrations.0016_default_example_phrases")


def migrate():
    migration.add_default_phrases(apps, None)


class TestShippedPhrases:
    def test_every_default_cause_has_many_distinct_phrases(self):
        load_default_taxonomy()

        for cause in Cause.objects.all():
            texts = list(cause.example_phrases.values_list("text", flat=True))
            assert len(texts) >= 25, cause.name
            assert len(set(texts)) == len(texts)

    def test_loading_again_creates_nothing(self):
        load_default_taxonomy()
        count = CauseExamplePhrase.objects.count()

        assert load_default_taxonomy() == 0
        assert CauseExamplePhrase.objects.count() == count

    def test_phrases_are_written_as_sellers_write_not_as_the_cause_is_named(self):
        phrases = [p for ps in DEFAULT_PHRASES.values() for p in ps]

        assert not set(DEFAULT_PHRASES) & set(phrases)
        assert sum(1 for p in phrases if p == p.encode("ascii", "ignore").decode()) > 200
        assert max(len(p) for p in phrases) > 60 and min(len(p) for p in phrases) < 15


class TestExistingInstalls:
    @pytest.fixture
    def loaded_before(self):
        load_default_taxonomy()
        CauseExamplePhrase.objects.all().delete()

    @pytest.mark.usefixtures("loaded_before")
    def test_causes_without_phrases_get_the_shipped_ones(self):
        migrate()

        for cause in Cause.objects.all():
            assert set(cause.example_phrases.values_list("text", flat=True)) == set(
                DEFAULT_PHRASES[cause.name]
            )

    @pytest.mark.usefixtures("loaded_before")
    def test_a_cause_agents_gave_phrases_keeps_exactly_theirs(self):
        cause = Cause.objects.get(name="El courier no retiró")
        CauseExamplePhrase.objects.create(cause=cause, text="no pasó la camioneta")

        migrate()
        migrate()

        assert list(cause.example_phrases.values_list("text", flat=True)) == [
            "no pasó la camioneta"
        ]
        assert (
            CauseExamplePhrase.objects.count()
            == sum(map(len, DEFAULT_PHRASES.values())) - len(DEFAULT_PHRASES[cause.name]) + 1
        )

    def test_a_cause_agents_created_is_left_alone(self, default_taxonomy):
        area = Cause.objects.first().area
        Cause.objects.create(area=area, name="Otra cosa")

        migrate()

        assert not Cause.objects.get(name="Otra cosa").example_phrases.exists()
