"""Celery tasks of the estimated resolution time: they take ids and call the services
(found by supportcenter/celery.py). Services enqueue `refresh_case_eta` after a commit."""

from celery import shared_task

from ..services.eta import case_refresh_eta, cases_refresh_etas


# The tasks keep the names they had in cases/tasks.py: messages queued before a deploy,
# and the beat schedule, still find them.
@shared_task(name="cases.tasks.refresh_case_eta")
def refresh_case_eta(case_id: int, notify_created: bool = False) -> None:
    case_refresh_eta(case_id=case_id, notify_created=notify_created)


@shared_task(name="cases.tasks.refresh_etas")
def refresh_etas() -> int:
    return cases_refresh_etas()
