"""The only code that changes the customer requests, their saved answers and webhooks."""

from .counts import request_counts_rebuild
from .requests import (
    IncomingAttachment,
    IncomingMessage,
    RequestConflict,
    message_receive,
    request_answer,
    request_close,
    request_receive,
)
from .saved_answers import saved_answer_delete, saved_answer_save
from .webhooks import webhook_deliver, webhook_retry, webhooks_flush

__all__ = [
    "IncomingAttachment",
    "IncomingMessage",
    "RequestConflict",
    "message_receive",
    "request_answer",
    "request_close",
    "request_counts_rebuild",
    "request_receive",
    "saved_answer_delete",
    "saved_answer_save",
    "webhook_deliver",
    "webhook_retry",
    "webhooks_flush",
]
