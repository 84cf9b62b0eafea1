"""What the triage model learns from: read from the database, one `Example` per text.

- each offered cause's name, subject example and example phrases (the agents' words);
- the subject and description of resolved cases, under their final cause (the sellers'
  words), the newest `TRIAGE_CASES_PER_CAUSE` of each cause;
- the cases agents moved to another cause (`recategorised_examples`), under that cause.

Only causes offered to sellers (active, in an active area and record type) are learned:
the model never suggests anything else.
"""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef

from ..models import Case, CaseCauseChange, Cause, CauseExamplePhrase
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


def recategorised_examples(cause_ids, *, per_cause: int) -> list[Example]:
    """Cases an agent moved to another cause ("Cambiar motivo", cases/services/cause.py),
    whatever their status, under the cause they have now: the agent's decision is the
    label. A resolved one is already a resolved-case example; it comes again here, so the
    texts sellers file under the wrong cause (what the model gets wrong most) weigh
    double. The seller's own choice stays in CaseCauseChange (the desk counts it)."""
    examples = []
    for cause_id in cause_ids:
        moved = CaseCauseChange.objects.filter(case=OuterRef("pk"))
        rows = (
            Case.objects.filter(Exists(moved), cause_id=cause_id)
            .order_by("-updated_at", "-id")
            .values_list("subject", "description")[:per_cause]
        )
        examples += [Example(case_text(s, d), cause_id) for s, d in rows]
    return examples


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
    cases += recategorised_examples(cause_ids, per_cause=settings.TRIAGE_CASES_PER_CAUSE)
    return TrainingData(weighted + cases, phrase_count=len(phrases), case_count=len(cases))
