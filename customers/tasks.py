"""Celery tasks: two-line wrappers that take ids and call the services."""

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=getattr(settings, "CUSTOMERS_WEBHOOK_MAX_ATTEMPTS", 10))
def deliver_webhook(self, delivery_id: int) -> None:
    from .models import WebhookDelivery
    from .services import webhooks

    try:
        webhooks.webhook_deliver(delivery_id=delivery_id)
    except WebhookDelivery.DoesNotExist:
        logger.warning("Webhook %s no longer exists; nothing to send.", delivery_id)
    except webhooks.WebhookSendDeferred as exc:
        raise self.retry(exc=exc, countdown=exc.retry_in) from exc


@shared_task
def flush_webhooks() -> int:
    from .services import webhooks_flush

    return webhooks_flush()


@shared_task
def alert_new_requests_of_seller(seller_id: int) -> int:
    from .services.alerts import new_request_alerts_send_for_seller

    return new_request_alerts_send_for_seller(seller_id=seller_id)


@shared_task
def alert_new_request(request_id: int) -> int:
    """Kept for the messages a previous release queued (one task per request)."""
    from .services.alerts import new_request_alerts_send

    return new_request_alerts_send(request_id=request_id)


@shared_task
def sweep_new_request_alerts() -> int:
    from .services.alerts import new_request_alerts_sweep

    return new_request_alerts_sweep()


@shared_task
def send_request_digests() -> int:
    from .services.alerts import digests_send

    return digests_send()


@shared_task
def warn_due_soon() -> int:
    from .services.alerts import due_soon_warn

    return due_soon_warn()
