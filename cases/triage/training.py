"""What the triage model learns from: read from the database, one `Example` per text.

- each offered cause's name, subject example and example phrases (the agents' words);
- the subject and description of resolved cases, under their final cause (the sellers'
  words), the newest `TRIAGE_CASES_PER_CAUSE` of each cause;
- recategorised cases (`recategorised_examples`, once agents can change a case's cause).

Only causes offered to sellers (active, in an active area and record type) are learned:
the model never suggests anything else.
"""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings

from ..models import Case, Cause, CauseExamplePhrase
from ..status import CLOSED_STATUSES, in_order
from .classifier import Example

# A case's text as the model reads it: the subject, then the start of the description.
DESCRIPTION_CHARS = 300


def offered_causes():
    return Cause.objects.filter(
        is_active=True, area__is_active=True, area__record_type__is_active=True
    )


def case_text(subject: str, description: str) -> str:
    return f"{subject}\n{description[:DESCRIPTION_CHARS]}"


def phrase_examples(cause_ids) -> list[Example]:
    examples = []
    for cause in Cause.objects.filter(pk__in=cause_ids):
        examples.append(Example(cause.name, cause.pk))
        if cause.subject_example:
            examples.append(Example(cause.subject_example, cause.pk))
    phrases = CauseExamplePhrase.objects.filter(cause__in=cause_ids).values_list("text", "cause")
    return examples + [Example(text, cause_id) for text, cause_id in phrases]


def resolved_case_examples(cause_ids, *, per_cause: int) -> list[Example]:
    """The newest resolved (or closed) cases of each cause, under the cause they ended
    with: a case an agent recategorised is learned under the cause that solved it."""
    examples = []
    for cause_id in cause_ids:
        rows = (
            Case.objects.filter(cause_id=cause_id, status__in=in_order(CLOSED_STATUSES))
            .order_by("-resolved_at", "-id")
            .values_list("subject", "description")[:per_cause]
        )
        examples += [Example(case_text(s, d), cause_id) for s, d in rows]
    return examples


def recategorised_examples(cause_ids) -> list[Example]:
    """Hook for the agents' "Cambiar motivo" (issue 21, second part): a recategorised
    case keeps the seller's original cause. Its text under the final cause is already a
    resolved-case example; return it here again (weight 2) so the texts sellers file
    under the wrong cause weigh more, which is what the model gets wrong most."""
    return []


@dataclass(frozen=True)
class TrainingData:
    examples: list[Example]
    phrase_count: int  # names, subject examples and example phrases
    case_count: int  # resolved and recategorised cases


def training_data() -> TrainingData:
    """Every example, weighted so that each cause's phrases weigh at least as much as
    its cases (many resolved cases never drown what the agents wrote)."""
    cause_ids = list(offered_causes().values_list("pk", flat=True))
    phrases = phrase_examples(cause_ids)
    cases = resolved_case_examples(cause_ids, per_cause=settings.TRIAGE_CASES_PER_CAUSE)
    phrases_per_cause = Counter(e.label for e in phrases)
    cases_per_cause = Counter(e.label for e in cases)
    weighted = [
        Example(e.text, e.label, max(1.0, cases_per_cause[e.label] / phrases_per_cause[e.label]))
        for e in phrases
    ]
    cases += recategorised_examples(cause_ids)
    return TrainingData(weighted + cases, phrase_count=len(phrases), case_count=len(cases))
