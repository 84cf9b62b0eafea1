from .integration import Integration
from .request import (
    CustomerRequest,
    MessageAuthor,
    RequestAttachment,
    RequestKind,
    RequestMessage,
    RequestStatus,
    SellerRequestCount,
)
from .saved import SavedAnswer
from .webhook import WebhookDelivery

__all__ = [
    "CustomerRequest",
    "Integration",
    "MessageAuthor",
    "RequestAttachment",
    "RequestKind",
    "RequestMessage",
    "RequestStatus",
    "SavedAnswer",
    "SellerRequestCount",
    "WebhookDelivery",
]
