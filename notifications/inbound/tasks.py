"""Celery tasks of the inbound replies: ids in, a service called (imported here, as the
services import this module to queue them). Registered through notifications.tasks."""

from celery import shared_task


@shared_task(name="notifications.tasks.process_inbound_email")
def process_inbound_email(inbound_id: int) -> str:
    from .services import inbound_process

    return inbound_process(inbound_id=inbound_id).status


@shared_task(name="notifications.tasks.sweep_inbound_emails")
def sweep_inbound_emails() -> int:
    from .services import inbound_sweep

    return inbound_sweep()


@shared_task(name="notifications.tasks.poll_inbound_mailbox")
def poll_inbound_mailbox() -> int:
    from .imap import mailbox_poll

    return mailbox_poll()
