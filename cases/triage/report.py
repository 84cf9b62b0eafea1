"""How well the model does on texts it was not trained on: k-fold cross-validation over
the training examples, per label, and the pairs of labels it confuses most."""

import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.model_selection import StratifiedKFold

from .classifier import Example, train


@dataclass
class LabelScore:
    total: int = 0
    top1: int = 0
    top3: int = 0


@dataclass
class Report:
    folds: int
    per_label: dict[int, LabelScore] = field(default_factory=dict)
    # (true label, label ranked first instead) → how many texts
    confusions: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.per_label.values())

    @property
    def top1(self) -> float:
        return sum(s.top1 for s in self.per_label.values()) / max(self.total, 1)

    @property
    def top3(self) -> float:
        return sum(s.top3 for s in self.per_label.values()) / max(self.total, 1)


def cross_validate(examples: Sequence[Example], *, folds: int = 5, seed: int = 0) -> Report:
    """Train on all folds but one and rank the held-out texts, for each fold: every
    example is scored once, by a model that never saw it. (A label with fewer examples
    than folds is missing from some training folds: its texts there count as misses.)"""
    labels = np.array([e.label for e in examples])
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    report = Report(folds=folds)
    with warnings.catch_warnings():  # "the least populated class has only n members"
        warnings.simplefilter("ignore", UserWarning)
        splits = list(splitter.split(np.zeros(len(labels)), labels))
    for train_idx, test_idx in splits:
        model = train([examples[i] for i in train_idx])
        scores = model.scores([examples[i].text for i in test_idx])
        ranked = model.labels[np.argsort(-scores, axis=1, kind="stable")]
        for i, row in zip(test_idx, ranked, strict=True):
            truth = int(labels[i])
            score = report.per_label.setdefault(truth, LabelScore())
            score.total += 1
            score.top1 += int(row[0] == truth)
            score.top3 += int(truth in row[:3])
            if row[0] != truth:
                report.confusions[(truth, int(row[0]))] += 1
    return report
