"""Celery tasks of the cases app (the periodic ones, run by celery beat): they call the
services. The estimate's tasks are in cases/eta/tasks.py."""

from celery import shared_task

from .dashboard import team_dashboards_warm
from .services.attachments import uploads_cleanup
from .services.cases import cases_autoclose
from .services.clocks import response_clocks_check
from .services.reminders import task_reminders_send


@shared_task
def send_task_reminders() -> int:
    return task_reminders_send()


@shared_task
def autoclose_resolved_cases() -> int:
    return cases_autoclose()


@shared_task
def cleanup_uploads(hours: float | None = None) -> int:
    """Abandoned wizards' files, and files whose attachment was rolled back."""
    return uploads_cleanup(hours=hours)


@shared_task
def check_response_clocks() -> int:
    """Support's clocks: warn of replies due soon, record the late ones."""
    return response_clocks_check()


@shared_task
def warm_team_dashboards() -> int:
    """Tablero del equipo: the boards leads open most, computed before they ask."""
    return team_dashboards_warm()
