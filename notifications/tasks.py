"""Celery tasks: they take ids and call the services (the row's status makes reruns safe)."""

import logging

from celery import shared_task
from django.conf import settings

from . import services
from .models import OutboundEmail

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    max_retries=settings.NOTIFICATIONS_MAX_ATTEMPTS,
    # One send, bounded: the lease of the email being sent outlasts this hard limit, so
    # a send is never repeated while it may still be going on (services.lease_duration).
    time_limit=settings.NOTIFICATIONS_SEND_TIME_LIMIT,
    soft_time_limit=max(settings.NOTIFICATIONS_SEND_TIME_LIMIT - 10, 1),
)
def deliver_email(self, email_id: int) -> None:
    try:
        services.email_deliver(email_id=email_id)
    except OutboundEmail.DoesNotExist:
        logger.warning("Email %s no longer exists; nothing to send.", email_id)
    except services.EmailSendDeferred as exc:
        # The row already says when to try again; the flush would get there too.
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task
def flush_outbox() -> int:
    return services.outbox_flush()
