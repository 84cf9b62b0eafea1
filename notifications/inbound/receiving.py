"""Store an incoming message as it came: one row per Message-ID, so a message delivered
twice (by IMAP and by the webhook, or twice by a provider) is stored once. Processing is
the caller's next step (processing.py): queued by the webhook, inline when polling."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import InboundEmail
from .parsing import message_id_of, parse_message

logger = logging.getLogger(__name__)


def inbound_receive(*, raw: bytes, channel: str) -> tuple[InboundEmail, bool]:
    """Store a message as it came; returns (row, created). A Message-ID already stored
    returns that row."""
    try:
        parsed = parse_message(raw)
        fields = {
            "message_id": parsed.message_id,
            "from_address": parsed.from_address[:254],
            "subject": parsed.subject,
        }
    except Exception:
        # Kept all the same (nothing is lost); processing will record why it fails.
        logger.exception("Could not read an inbound message's headers.")
        fields = {"message_id": message_id_of("", raw)}
    existing = InboundEmail.objects.filter(message_id=fields["message_id"]).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            inbound = InboundEmail.objects.create(
                channel=channel, raw=raw, size=len(raw), received_at=timezone.now(), **fields
            )
    except IntegrityError:
        # The same message arrived by another way at the same moment.
        existing = InboundEmail.objects.filter(message_id=fields["message_id"]).first()
        if existing is None:
            raise
        return existing, False
    return inbound, True
