"""Celery tasks of the triage model (found by supportcenter/celery.py)."""

from celery import shared_task

from .services import triage_model_train


# Longer than the default task limit: six trainings (one, and five for cross-validation)
# over the newest resolved cases of every cause take minutes on a large install.
@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def train_triage_model() -> int | None:
    """Nightly (celery beat) and on demand from the admin: a new version, evaluated."""
    model = triage_model_train(evaluate=True)
    return model.pk if model else None
