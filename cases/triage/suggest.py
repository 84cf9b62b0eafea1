"""Suggesting causes for a seller's text: the newest trained model, kept per process."""

import logging
import threading
import zipfile
from dataclasses import dataclass

from ..models import TriageModel
from .classifier import RECIPE, Model
from .services import triage_model_train
from .text import fold
from .training import offered_causes


@dataclass(frozen=True)
class CauseSuggestion:
    """A cause to offer: its names only (never any case's text) and how sure we are."""

    cause_id: int
    record_type: str
    area: str
    cause: str
    score: float

    def __str__(self):
        return f"{self.record_type} › {self.area} › {self.cause}"


logger = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: tuple[int, Model] | None = None  # (version, model) of this process


def current_model() -> Model | None:
    """The newest stored version, loaded once per process and again only when a newer
    version exists (one indexed query per call to find out). A fresh install has none:
    the first call trains one on the example phrases alone."""
    global _loaded
    version = (
        TriageModel.objects.filter(recipe=RECIPE)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    if version is None:
        row = triage_model_train()
        if row is None:
            return None
        version = row.pk
    with _lock:
        if _loaded is None or _loaded[0] != version:
            arrays = TriageModel.objects.filter(pk=version).values_list("arrays", flat=True)
            if not arrays:  # pruned by a newer training meanwhile: the next call sees it
                return _loaded[1] if _loaded else None
            try:
                _loaded = (version, Model.from_bytes(bytes(arrays[0])))
            # Unreadable (empty, truncated, not an npz): no suggestion, never a 500.
            except (ValueError, KeyError, OSError, EOFError, zipfile.BadZipFile):
                logger.exception("Triage model version %s cannot be loaded", version)
                return None
        return _loaded[1]


def suggest_causes(text: str, *, k: int = 3) -> list[CauseSuggestion]:
    """The k causes offered to sellers that best match the text, best first; none for a
    text without words, or before any cause exists."""
    if not fold(text):
        return []
    model = current_model()
    if model is None:
        return []
    offered = {c.pk: c for c in offered_causes().select_related("area__record_type")}
    suggestions = []
    for cause_id, score in model.rank(text):
        cause = offered.get(cause_id)
        if cause is None:  # deactivated or deleted since the model was trained
            continue
        suggestions.append(
            CauseSuggestion(
                cause_id=cause.pk,
                record_type=cause.area.record_type.name,
                area=cause.area.name,
                cause=cause.name,
                score=score,
            )
        )
        if len(suggestions) == k:
            break
    return suggestions
