"""Celery tasks of the triage model (found by supportcenter/celery.py)."""

from celery import shared_task


@shared_task
def train_triage_model() -> int | None:
    """Nightly (celery beat) and on demand from the admin: a new version, evaluated."""
    from .services import triage_model_train

    model = triage_model_train(evaluate=True)
    return model.pk if model else None
