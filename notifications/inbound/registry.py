"""Who handles a verified reply: the app that owns its reference registers a handler for
the reference's prefix in its `AppConfig.ready()` (cases: "case"). Notifications never
imports those apps; it calls what they registered."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .parsing import InboundAttachment


@dataclass(frozen=True)
class InboundReply:
    """A reply whose address was verified: what the handler acts on."""

    inbound_id: int
    reference: str  # e.g. "case:42"
    reference_id: int
    recipient_digest: str  # of the address the portal's email went to
    from_address: str
    from_name: str
    subject: str
    text: str  # the new reply only (quotes and signature removed)
    attachments: list[InboundAttachment] = field(default_factory=list)


class ReplyRefused(Exception):
    """The handler will not take the reply. `reason` is an `InboundEmail.Reason`;
    `message` (Spanish, for the sender) goes into the polite automatic answer."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = str(message)


ReplyHandler = Callable[[InboundReply], str]

_handlers: dict[str, ReplyHandler] = {}


def register_reply_handler(prefix: str, handler: ReplyHandler) -> None:
    """`handler(reply)` turns a reply about "<prefix>:<id>" into what it is in its app and
    returns what it made (e.g. "comment:7"), or raises ReplyRefused."""
    _handlers[prefix] = handler


def unregister_reply_handler(prefix: str) -> None:
    _handlers.pop(prefix, None)


def reply_handler(prefix: str) -> ReplyHandler | None:
    return _handlers.get(prefix)
