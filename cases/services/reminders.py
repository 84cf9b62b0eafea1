"""Reminders of the requests for information a seller has not answered yet: when they are
due (business days in the seller's calendar) and sending them."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import emails
from ..eta.calendar import calendar_for
from ..models import Case, PendingTask, TaskStatus


def business_days_after(case: Case, start: datetime, days: int) -> datetime:
    """`days` business days after `start`, in the seller's calendar."""
    calendar = calendar_for(case.seller.country, case.seller.time_zone)
    return calendar.add_business_seconds(start, days * calendar.seconds_per_day)


def task_reminders_send(*, now: datetime | None = None, limit: int = 500) -> int:
    """Remind sellers of requests still open when their reminder is due; returns how many.

    Each reminder has its number in the email key, so a run repeated or overlapping with
    another never sends one twice; answered or cancelled tasks are never reminded.
    """
    now = now or timezone.now()
    due = list(
        PendingTask.objects.filter(status=TaskStatus.OPEN, next_reminder_at__lte=now)
        .order_by("next_reminder_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for task_id in due:
        with transaction.atomic():
            task = (
                PendingTask.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("case__seller")
                .filter(pk=task_id, status=TaskStatus.OPEN, next_reminder_at__lte=now)
                .first()
            )
            if task is None:  # answered meanwhile, or another worker has it
                continue
            number = task.reminders_sent + 1
            emails.task_reminder(task, number)
            task.reminders_sent = number
            task.next_reminder_at = business_days_after(
                task.case, now, settings.TASK_REMINDER_EVERY_BUSINESS_DAYS
            )
            task.save(update_fields=["reminders_sent", "next_reminder_at"])
            sent += 1
    return sent
