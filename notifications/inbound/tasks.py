"""Celery tasks of the replies by email (found by supportcenter/celery.py's
autodiscovery): ids in, a service called."""

import logging

from celery import shared_task

from .imap import mailbox_poll
from .processing import inbound_process, inbound_sweep

logger = logging.getLogger(__name__)


@shared_task
def process_inbound_email(inbound_id: int) -> str:
    return inbound_process(inbound_id=inbound_id).status


@shared_task
def sweep_inbound_emails() -> int:
    return inbound_sweep()


@shared_task
def poll_inbound_mailbox() -> int:
    return mailbox_poll()


def queue_processing(inbound_id: int) -> None:
    """After the commit that stored it; a broker that is down leaves it to the sweep."""
    try:
        process_inbound_email.delay(inbound_id)
    except Exception:
        logger.warning(
            "Could not queue inbound email %s; the periodic sweep will process it.",
            inbound_id,
            exc_info=True,
        )
