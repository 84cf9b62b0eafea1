"""The text classifier, as plain arrays: trained here, stored as arrays, rebuilt from them.

Features: TF-IDF over words (1–2), character n-grams within words (2–5) and the
lexicon's concepts, all on folded text (text.fold); a linear SVM, one-vs-rest. Nothing
here knows Django: it takes (text, label, weight) and gives scores per label.

A trained model is only numbers and strings (vocabularies, idf weights, coefficients):
`to_bytes` writes them as a NumPy .npz without pickle, `from_bytes` reads them back with
`allow_pickle=False`, so a stored model can never run code when it is loaded.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from .lexicon import CONCEPTS, concepts
from .text import fold

# The features' recipe: bump when the analyzers or the lexicon change (a stored model of
# another recipe is not used; a new one is trained).
RECIPE = 1

# name → (vectorizer parameters, weight of the block in the feature vector)
BLOCKS = {
    "word": (
        {"analyzer": "word", "ngram_range": (1, 2), "token_pattern": r"(?u)\b\w+\b"},
        1.0,
    ),
    "char": ({"analyzer": "char_wb", "ngram_range": (2, 5), "max_features": 200_000}, 1.0),
    # A fixed vocabulary: every concept has a column, even one no training text has yet.
    "concept": ({"analyzer": concepts, "vocabulary": sorted(CONCEPTS)}, 0.5),
}
C = 0.5  # the SVM's regularisation: tuned on the held-out phrasings (tests/triage)


@dataclass(frozen=True)
class Example:
    text: str
    label: int
    weight: float = 1.0


def _vectorizer(block: str, vocabulary=None) -> TfidfVectorizer:
    params, _ = BLOCKS[block]
    if params["analyzer"] != concepts:
        params = {**params, "preprocessor": fold}
    if vocabulary is not None:
        params = {**params, "vocabulary": vocabulary, "max_features": None}
    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **params)


class Model:
    """A trained classifier: scores any text against the labels it was trained on."""

    def __init__(self, *, labels, vocabularies, idfs, coef, intercept):
        self.labels = np.asarray(labels, dtype=np.int64)
        self.vocabularies = {b: np.asarray(v, dtype=str) for b, v in vocabularies.items()}
        self.idfs = {b: np.asarray(v, dtype=np.float32) for b, v in idfs.items()}
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)
        self._vectorizers = {}
        for block in BLOCKS:
            terms = {term: i for i, term in enumerate(self.vocabularies[block].tolist())}
            vectorizer = _vectorizer(block, vocabulary=terms)
            vectorizer.idf_ = self.idfs[block]
            self._vectorizers[block] = vectorizer

    @property
    def feature_count(self) -> int:
        return int(self.coef.shape[1])

    def vectorize(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The texts as rows of weighted TF-IDF features (also usable for similarity)."""
        parts = [self._vectorizers[b].transform(texts) * BLOCKS[b][1] for b in BLOCKS]
        return sparse.hstack(parts, format="csr")

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, one column per label (higher is more likely)."""
        return np.asarray(self.vectorize(texts) @ self.coef.T) + self.intercept

    def rank(self, text: str) -> list[tuple[int, float]]:
        """Every label with its score for one text, best first."""
        row = self.scores([text])[0]
        order = np.argsort(-row, kind="stable")
        return [(int(self.labels[i]), float(row[i])) for i in order]

    def to_bytes(self) -> bytes:
        arrays = {"labels": self.labels, "coef": self.coef, "intercept": self.intercept}
        for block in BLOCKS:
            arrays[f"vocabulary_{block}"] = self.vocabularies[block]
            arrays[f"idf_{block}"] = self.idfs[block]
        arrays["recipe"] = np.array([RECIPE], dtype=np.int64)
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Model":
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            if int(arrays["recipe"][0]) != RECIPE:
                raise ValueError("stored model of another recipe")
            return cls(
                labels=arrays["labels"],
                vocabularies={b: arrays[f"vocabulary_{b}"] for b in BLOCKS},
                idfs={b: arrays[f"idf_{b}"] for b in BLOCKS},
                coef=arrays["coef"],
                intercept=arrays["intercept"],
            )


def train(examples: Sequence[Example]) -> Model:
    """Fit the features and the linear model; needs at least two labels."""
    texts = [e.text for e in examples]
    labels = np.array([e.label for e in examples], dtype=np.int64)
    weights = np.array([e.weight for e in examples], dtype=np.float64)
    if len(set(labels.tolist())) < 2:
        raise ValueError("training needs examples of at least two labels")
    vectorizers = {b: _vectorizer(b) for b in BLOCKS}
    features = sparse.hstack(
        [vectorizers[b].fit_transform(texts) * BLOCKS[b][1] for b in BLOCKS], format="csr"
    )
    svm = LinearSVC(C=C)
    svm.fit(features, labels, sample_weight=weights)
    coef, intercept = svm.coef_, svm.intercept_
    if len(svm.classes_) == 2:  # one column for two classes: make it one per label
        coef, intercept = np.vstack([-coef, coef]), np.array([-intercept[0], intercept[0]])
    return Model(
        labels=svm.classes_,
        vocabularies={
            b: sorted(v.vocabulary_, key=v.vocabulary_.get) for b, v in vectorizers.items()
        },
        idfs={b: v.idf_ for b, v in vectorizers.items()},
        coef=coef,
        intercept=intercept,
    )
