"""The default example phrases: given to a default cause that has none."""

from ..models import Cause, CauseExamplePhrase
from .phrases import DEFAULT_PHRASES


def add_default_phrases(cause: Cause) -> int:
    """Give a default cause (by name) the shipped phrases, unless it has phrases already:
    the agents' phrases are never mixed with or replaced by the shipped ones."""
    if cause.example_phrases.exists():
        return 0
    rows = [CauseExamplePhrase(cause=cause, text=t) for t in DEFAULT_PHRASES.get(cause.name, [])]
    return len(CauseExamplePhrase.objects.bulk_create(rows, ignore_conflicts=True))
