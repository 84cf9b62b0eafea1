"""Celery tasks of the cases app: they take ids and call services."""

from datetime import timedelta

from celery import shared_task

from . import emails, staging


@shared_task
def refresh_case_eta(case_id: int, notify_created: bool = False) -> None:
    """Recompute a case's estimated resolution time; the "case created" email follows
    the first estimate so it can tell the seller when to expect an answer."""
    from .models import Case
    from .services import case_refresh_eta

    case = case_refresh_eta(case_id=case_id)
    if notify_created:
        emails.case_created(Case.objects.select_related("seller").get(pk=case.pk))


@shared_task
def refresh_etas() -> int:
    """Periodic: estimates missing (broker was down), newly overdue, or paused."""
    from django.utils import timezone

    from .models import Case
    from .selectors_eta import cases_needing_eta_refresh
    from .services import case_refresh_eta

    now = timezone.now()
    ids = cases_needing_eta_refresh(now=now, limit=2000)
    missing = set(
        Case.objects.filter(pk__in=ids, eta_computed_at__isnull=True).values_list("pk", flat=True)
    )
    for case_id in ids:
        case_refresh_eta(case_id=case_id, now=now)
        if case_id in missing:  # its "case created" email never went out either
            emails.case_created(Case.objects.select_related("seller").get(pk=case_id))
    return len(ids)


@shared_task
def send_task_reminders() -> int:
    from .services.background import task_reminders_send

    return task_reminders_send()


@shared_task
def autoclose_resolved_cases() -> int:
    from .services.background import cases_autoclose

    return cases_autoclose()


@shared_task
def cleanup_uploads(hours: int = 24) -> int:
    """Periodic: files of abandoned wizards, and files whose attachment was rolled back."""
    from .services import attachments_delete_orphans

    older_than = timedelta(hours=hours)
    return staging.cleanup_abandoned(older_than=older_than) + attachments_delete_orphans(
        older_than=older_than
    )
