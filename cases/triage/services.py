"""Training the triage model: the only code that writes `TriageModel` rows."""

import time

from django.db import transaction
from django.utils import timezone

from ..models import TriageModel
from .classifier import RECIPE, train
from .report import cross_validate
from .training import training_data

# Versions kept for the admin's history (each holds its arrays, about a megabyte).
KEEP_VERSIONS = 5


def triage_model_train(*, evaluate: bool = False, now=None) -> TriageModel | None:
    """Train a new version on today's phrases and resolved cases and make it the one in
    use (every process picks it up on its next suggestion). With `evaluate`, the
    version also records its cross-validated accuracy (five trainings more). None when
    there is nothing to learn yet: fewer than two offered causes."""
    data = training_data()
    examples = data.examples
    if len({e.label for e in examples}) < 2:
        return None
    started = time.perf_counter()
    model = train(examples)
    metrics = {"train_seconds": round(time.perf_counter() - started, 3)}
    if evaluate:
        report = cross_validate(examples)
        metrics.update(cv_top1=round(report.top1, 4), cv_top3=round(report.top3, 4))
    with transaction.atomic():
        row = TriageModel.objects.create(
            trained_at=now or timezone.now(),
            recipe=RECIPE,
            phrase_count=data.phrase_count,
            case_count=data.case_count,
            cause_count=len(model.labels),
            feature_count=model.feature_count,
            metrics=metrics,
            arrays=model.to_bytes(),
        )
        old = TriageModel.objects.order_by("-id").values_list("id", flat=True)[KEEP_VERSIONS:]
        TriageModel.objects.filter(id__in=list(old)).delete()
    return row
