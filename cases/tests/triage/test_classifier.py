"""The classifier on its own (no database): accuracy floors on texts it never saw, and
the safe storage of a trained model."""

import io
import pickle
import zipfile

import numpy as np
import pytest

from cases.triage.classifier import RECIPE, Example, Model, train
from cases.triage.phrases import DEFAULT_PHRASES
from cases.triage.report import cross_validate

from .dev_phrases import DEV_PHRASES

CAUSES = sorted(DEFAULT_PHRASES)


def shipped_examples() -> list[Example]:
    return [
        Example(text, label)
        for label, cause in enumerate(CAUSES)
        for text in [cause, *DEFAULT_PHRASES[cause]]
    ]


@pytest.fixture(scope="module")
def model():
    return train(shipped_examples())


def accuracy(model, texts, labels):
    ranked = model.labels[np.argsort(-model.scores(texts), axis=1)]
    truth = np.array(labels)[:, None]
    return (ranked[:, :1] == truth).any(1).mean(), (ranked[:, :3] == truth).any(1).mean()


class TestOnTextsItNeverSaw:
    # The issue's goal for sellers' texts is 65 % first and 85 % among three; these floors
    # sit a little under what the shipped phrases reach, so a regression shows.
    def test_held_back_example_phrases_are_ranked_first_or_among_three(self):
        report = cross_validate(shipped_examples(), folds=5)

        assert report.top1 >= 0.85
        assert report.top3 >= 0.95
        for label, score in report.per_label.items():
            assert score.top3 / score.total >= 0.85, CAUSES[label]

    def test_the_held_out_phrasings_are_ranked_first_or_among_three(self, model):
        texts = [t for cause in CAUSES for t in DEV_PHRASES[cause]]
        labels = [i for i, cause in enumerate(CAUSES) for _ in DEV_PHRASES[cause]]

        top1, top3 = accuracy(model, texts, labels)

        assert top1 >= 0.88
        assert top3 >= 0.97

    def test_every_cause_is_found_among_three_for_most_of_its_held_out_phrasings(self, model):
        for label, cause in enumerate(CAUSES):
            top1, top3 = accuracy(model, DEV_PHRASES[cause], [label] * len(DEV_PHRASES[cause]))
            assert top3 >= 0.8, cause

    def test_the_issues_examples_are_understood(self, model):
        for text, cause in [
            ("el courier no vino a retirar los pedidos", "El courier no retiró"),
            ("el camión no pasó a buscar los paquetes", "El courier no retiró"),
            ("me cobraron de más en la liquidación", "Diferencia en liquidación"),
        ]:
            best = model.rank(text)[0][0]
            assert CAUSES[best] == cause, text

    def test_accents_case_and_numbers_do_not_change_the_ranking(self, model):
        plain = model.rank("la devolucion llego rota, orden 123")
        assert model.rank("LA DEVOLUCIÓN LLEGÓ ROTA, ORDEN 987654") == plain


class TestStorage:
    def test_a_stored_model_predicts_exactly_as_the_trained_one(self, model):
        loaded = Model.from_bytes(model.to_bytes())
        texts = [t for phrases in DEV_PHRASES.values() for t in phrases]

        np.testing.assert_array_equal(loaded.scores(texts), model.scores(texts))
        assert loaded.rank(texts[0]) == model.rank(texts[0])

    def test_it_is_stored_as_plain_arrays_and_read_back_without_pickle(self, model, monkeypatch):
        data = model.to_bytes()

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert all(name.endswith(".npy") for name in archive.namelist())
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            assert all(arrays[name].dtype != object for name in arrays.files)

        def refuse(*args, **kwargs):
            raise AssertionError("pickle used")

        monkeypatch.setattr(pickle, "loads", refuse)
        monkeypatch.setattr(pickle, "load", refuse)
        assert Model.from_bytes(data).rank("no puedo entrar") == model.rank("no puedo entrar")

    def test_a_stored_object_array_is_refused_not_unpickled(self, model):
        buffer = io.BytesIO()
        np.savez(buffer, recipe=np.array([RECIPE]), labels=np.array([object()], dtype=object))

        with pytest.raises(ValueError, match="pickle"):
            Model.from_bytes(buffer.getvalue())
