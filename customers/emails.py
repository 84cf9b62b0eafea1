"""What the Atención al cliente emails say and to whom; `notifications` queues and sends them.

Each has a unique key (request, kind, deadline or hour, recipient): building the same
email twice — a retried task, a periodic run that overlaps the last — queues it once.
Rendered in Spanish and in the seller's time zone, whoever triggers them.
"""

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller
from accounts.time_zones import seller_local_time
from notifications.registry import EmailKind, register_kind
from notifications.selectors import wanted_by
from notifications.services import email_enqueue

from .models import CustomerRequest, RequestMessage

NEW_REQUEST = "customer_request_new"
NEW_REQUESTS_DIGEST = "customer_requests_digest"
DUE_SOON = "customer_request_due_soon"
ANSWER_TO_BUYER = "customer_answer_to_buyer"


def register_customer_email_kinds() -> None:
    register_kind(
        EmailKind(
            key=NEW_REQUEST,
            label=_("A customer sent a new request (one email each)"),
            description=_("Atención al cliente: every new question, message or claim."),
        )
    )
    register_kind(
        EmailKind(
            key=NEW_REQUESTS_DIGEST,
            label=_("New customer requests, in one email every hour"),
            description=_("Instead of one email each: switch the one above off and this one on."),
            default_enabled=False,
        )
    )
    register_kind(
        EmailKind(
            key=DUE_SOON,
            label=_("A customer request is about to miss its deadline"),
            description=_("Sent once per deadline, before it is due."),
        )
    )
    register_kind(
        EmailKind(
            key=ANSWER_TO_BUYER,
            label=_("The seller's answer, to the buyer's relay address"),
            user_choice=False,
        )
    )


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _to_users(seller: Seller, kind: str, key: str, subject, template: str, context: dict) -> int:
    users = list(seller.users.filter(is_active=True).order_by("pk"))
    queued = 0
    with translation.override(settings.LANGUAGE_CODE), seller_local_time(seller):
        context = {
            "seller": seller,
            "site_url": settings.SITE_URL,
            "inbox_url": absolute(reverse("customers:home")),
            "preferences_url": absolute(reverse("notifications:preferences")),
            **context,
        }
        subject = str(subject)
        for user in wanted_by(users, kind):
            email = email_enqueue(
                key=f"{key}:to:{user.pk}",
                kind=kind,
                to_email=user.email,
                user=user,
                subject=subject,
                body_text=render_to_string(
                    f"customers/emails/{template}.txt", {**context, "recipient": user}
                ),
                reference=context.get("reference", ""),
            )
            queued += email is not None
    return queued


def _request_context(request: CustomerRequest) -> dict:
    return {
        "request": request,
        "request_url": absolute(request.get_absolute_url()),
        "reference": f"customer-request:{request.pk}",
    }


def new_request_alert(request: CustomerRequest) -> int:
    return _to_users(
        request.seller,
        NEW_REQUEST,
        f"customers:request:{request.pk}:new",
        _("New %(kind)s from %(buyer)s")
        % {"kind": request.get_kind_display().lower(), "buyer": request.buyer_name},
        "new_request",
        _request_context(request),
    )


def due_soon_alert(request: CustomerRequest) -> int:
    return _to_users(
        request.seller,
        DUE_SOON,
        f"customers:request:{request.pk}:due:{request.due_at.isoformat()}",
        _("Answer %(buyer)s soon: the deadline is close") % {"buyer": request.buyer_name},
        "due_soon",
        _request_context(request),
    )


def digest(seller: Seller, requests: list[CustomerRequest], window_start: datetime) -> int:
    return _to_users(
        seller,
        NEW_REQUESTS_DIGEST,
        f"customers:digest:{seller.pk}:{window_start.isoformat()}",
        _("Your customers sent %(count)d new requests") % {"count": len(requests)},
        "digest",
        {"requests": requests, "window_start": window_start},
    )


def answer_to_buyer(*, request: CustomerRequest, message: RequestMessage):
    """A copy of the answer to the buyer's relay address, when the integration asks."""
    if not (request.integration.email_buyer and request.buyer_email):
        return None
    with translation.override(settings.LANGUAGE_CODE), seller_local_time(request.seller):
        context = {"request": request, "message": message}
        return email_enqueue(
            key=f"customers:message:{message.pk}:buyer",
            kind=ANSWER_TO_BUYER,
            to_email=request.buyer_email,
            subject=str(
                _("%(seller)s answered your message") % {"seller": request.seller.trade_name}
            ),
            body_text=render_to_string("customers/emails/answer_to_buyer.txt", context),
            reference=f"customer-request:{request.pk}",
        )
