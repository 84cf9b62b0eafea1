"""Celery tasks of the cases app: they take ids and call services."""

from datetime import timedelta

from celery import shared_task

from . import emails, staging


@shared_task
def refresh_case_eta(case_id: int, notify_created: bool = False) -> None:
    """Recompute a case's estimated resolution time (the first one also goes into the
    waiting "case created" email). `notify_created` is for tasks queued by the version
    that wrote that email here: it queues the email if the case has none (idempotent)."""
    from .models import Case
    from .services import case_refresh_eta

    case = case_refresh_eta(case_id=case_id)
    if notify_created:
        emails.case_created(Case.objects.select_related("seller").get(pk=case.pk))


@shared_task
def refresh_etas() -> int:
    """Periodic: estimates missing (broker was down), newly overdue, or paused."""
    from django.utils import timezone

    from .selectors_eta import cases_needing_eta_refresh
    from .services import case_refresh_eta

    now = timezone.now()
    ids = cases_needing_eta_refresh(now=now, limit=2000)
    for case_id in ids:
        case_refresh_eta(case_id=case_id, now=now)
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
def cleanup_uploads(hours: float | None = None) -> int:
    """Periodic: files of abandoned wizards, and files whose attachment was rolled back.

    A wizard's staged files go once no session can hold that wizard any more (older than
    SESSION_COOKIE_AGE); a file no attachment row points to, once no transaction that
    stored it can still commit (older than ORPHAN_FILE_MIN_AGE_MINUTES). `hours` sets
    both ages instead.
    """
    from django.conf import settings

    from .services import attachments_delete_orphans

    if hours is not None:
        staged_age = orphan_age = timedelta(hours=hours)
    else:
        staged_age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        orphan_age = timedelta(minutes=settings.ORPHAN_FILE_MIN_AGE_MINUTES)
    return staging.cleanup_abandoned(older_than=staged_age) + attachments_delete_orphans(
        older_than=orphan_age
    )


@shared_task
def check_response_clocks() -> int:
    from .services.clocks import response_clocks_check

    return response_clocks_check()
