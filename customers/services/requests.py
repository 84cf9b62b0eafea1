"""The only code that changes a customer request: a request or a buyer's message arrives
(from the marketplace API), the seller answers, the seller closes it.

Each runs in a transaction; the webhook to the marketplace and the emails are queued in
that same transaction (outboxes with unique keys) and sent after the commit.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller, User

from .. import deadlines, emails
from ..files import CheckedUpload, check_uploads
from ..models import (
    CustomerRequest,
    Integration,
    MessageAuthor,
    RequestAttachment,
    RequestMessage,
    RequestStatus,
)
from .alerts import new_request_alerts_publish
from .counts import counts_request_added, counts_status_moved
from .webhooks import webhook_answer_sent, webhook_request_closed

S = RequestStatus


class RequestConflict(Exception):
    """The marketplace sent an id it had already sent, with different data (HTTP 409)."""


@dataclass(frozen=True)
class IncomingAttachment:
    """A file of a buyer's message: checked content, or a link the portal never fetches."""

    name: str
    url: str = ""
    upload: CheckedUpload | None = None


@dataclass(frozen=True)
class IncomingMessage:
    external_id: str
    body: str
    sent_at: datetime | None = None
    attachments: list[IncomingAttachment] = field(default_factory=list)
    digest: str = ""


def _same_or_conflict(existing, digest: str):
    if existing.payload_digest != digest:
        raise RequestConflict(existing)
    return existing


def _lock(request: CustomerRequest) -> CustomerRequest:
    return (
        CustomerRequest.objects.select_related("seller", "integration")
        .select_for_update(of=("self",))
        .get(pk=request.pk)
    )


def request_receive(
    *,
    integration: Integration,
    seller: Seller,
    external_id: str,
    kind: str,
    buyer_name: str,
    message: IncomingMessage,
    digest: str,
    buyer_email: str = "",
    order_number: str = "",
    product_sku: str = "",
    product_title: str = "",
) -> tuple[CustomerRequest, bool]:
    """A new request from the marketplace; the same id again returns the one already there
    (False: not created) or raises RequestConflict when its data differ."""
    # Inserted straight away: a new request (nearly every call) costs no lookup first; the
    # same id again fails the unique (integration, external_id) and is read then.
    try:
        with transaction.atomic():
            request = _insert_request(
                integration=integration,
                seller=seller,
                external_id=external_id,
                kind=kind,
                buyer_name=buyer_name,
                buyer_email=buyer_email,
                order_number=order_number,
                product_sku=product_sku,
                product_title=product_title,
                message=message,
                digest=digest,
            )
    except IntegrityError:
        # Received before (or pushed twice at once and the other push created it).
        found = CustomerRequest.objects.filter(
            integration=integration, external_id=external_id
        ).first()
        if found is None:
            raise
        return _same_or_conflict(found, digest), False
    return request, True


def _insert_request(*, integration, seller, message: IncomingMessage, digest, **fields):
    now = timezone.now()
    sent_at = min(message.sent_at or now, now)
    due = deadlines.deadline(seller=seller, kind=fields["kind"], since=sent_at)
    request = CustomerRequest.objects.create(
        integration=integration,
        seller=seller,
        status=S.AWAITING,
        summary=Truncator(" ".join(message.body.split())).chars(300),
        received_at=now,
        last_message_at=sent_at,
        updated_at=now,
        awaiting_since=sent_at,
        due_at=due,
        first_due_at=due,
        payload_digest=digest,
        **fields,
    )
    _add_message(
        request,
        author=MessageAuthor.BUYER,
        body=message.body,
        sent_at=sent_at,
        external_id=message.external_id,
        digest=message.digest,
        files=message.attachments,
    )
    # Last: the seller's counts row stays locked until the commit, as short as possible.
    counts_request_added(seller_id=seller.pk, status=S.AWAITING)
    # The emails to the seller's users are built by a task after the commit (the API
    # answers the marketplace without them; one task per burst of a seller);
    # alerts.new_request_alerts_sweep catches up.
    transaction.on_commit(functools.partial(new_request_alerts_publish, seller.pk))
    return request


def _add_message(request, *, author, body, sent_at, external_id="", digest="", user=None, files):
    message = RequestMessage.objects.create(
        request=request,
        external_id=external_id,
        author=author,
        author_user=user,
        body=body,
        sent_at=sent_at,
        payload_digest=digest,
    )
    for incoming in files:
        upload = incoming.upload if isinstance(incoming, IncomingAttachment) else incoming
        if isinstance(incoming, IncomingAttachment) and incoming.url:
            RequestAttachment.objects.create(
                request=request, message=message, url=incoming.url, original_name=incoming.name
            )
            continue
        RequestAttachment.objects.create(
            request=request,
            message=message,
            file=upload.file,
            original_name=upload.original_name,
            content_type=upload.content_type,
            extension=upload.extension,
            size=upload.size,
        )
    return message


def message_receive(
    *, request: CustomerRequest, message: IncomingMessage
) -> tuple[RequestMessage, bool]:
    """A buyer's new message on a request. It waits for the seller again (a new deadline
    if it was answered or closed; the running one if it already waited)."""
    existing = RequestMessage.objects.filter(request=request, external_id=message.external_id)
    if found := existing.first():
        return _same_or_conflict(found, message.digest), False
    try:
        with transaction.atomic():
            request = _lock(request)
            now = timezone.now()
            sent_at = min(message.sent_at or now, now)
            created = _add_message(
                request,
                author=MessageAuthor.BUYER,
                body=message.body,
                sent_at=sent_at,
                external_id=message.external_id,
                digest=message.digest,
                files=message.attachments,
            )
            if request.status != S.AWAITING:
                counts_status_moved(
                    seller_id=request.seller_id, from_status=request.status, to_status=S.AWAITING
                )
                request.status = S.AWAITING
                request.awaiting_since = sent_at
                request.due_at = deadlines.deadline(
                    seller=request.seller, kind=request.kind, since=sent_at
                )
                request.closed_at = None
            request.last_message_at = max(request.last_message_at, sent_at)
            request.updated_at = now
            request.save()
    except IntegrityError:
        found = existing.first()
        if found is None:
            raise
        return _same_or_conflict(found, message.digest), False
    return created, True


def _check_seller(request: CustomerRequest, user: User) -> None:
    if user.seller_id != request.seller_id:
        raise PermissionDenied("Not this seller's request.")


def request_answer(
    *, request: CustomerRequest, author: User, body: str, attachments: list | None = None
) -> RequestMessage:
    """The seller's answer: sent to the marketplace by webhook (and to the buyer's relay
    address when the integration says so); the request stops waiting."""
    _check_seller(request, author)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write your answer."), code="required")
    # Checked already by a form (CheckedUpload) or raw uploads, checked here.
    raw = [a for a in attachments or [] if not isinstance(a, CheckedUpload)]
    checked = [a for a in attachments or [] if isinstance(a, CheckedUpload)] + check_uploads(raw)
    with transaction.atomic():
        request = _lock(request)
        if request.is_closed:
            raise ValidationError(
                _("This request is closed: it can no longer be answered."), code="closed"
            )
        now = timezone.now()
        message = _add_message(
            request, author=MessageAuthor.SELLER, body=body, sent_at=now, user=author, files=checked
        )
        counts_status_moved(
            seller_id=request.seller_id, from_status=request.status, to_status=S.ANSWERED
        )
        if request.first_answered_at is None:
            request.first_answered_at = now
            request.first_answer_business_seconds = deadlines.business_seconds(
                seller=request.seller, start=request.awaiting_since or request.received_at, end=now
            )
        request.status = S.ANSWERED
        request.due_at = None
        request.awaiting_since = None
        request.last_message_at = now
        request.updated_at = now
        request.save()
        webhook_answer_sent(request=request, message=message)
        emails.answer_to_buyer(request=request, message=message)
    return message


def request_close(*, request: CustomerRequest, actor: User) -> CustomerRequest:
    """The seller closes the request: nothing more to answer (a buyer's new message opens
    it again)."""
    _check_seller(request, actor)
    with transaction.atomic():
        request = _lock(request)
        if request.is_closed:
            return request
        now = timezone.now()
        counts_status_moved(
            seller_id=request.seller_id, from_status=request.status, to_status=S.CLOSED
        )
        request.status = S.CLOSED
        request.closed_at = now
        request.due_at = None
        request.awaiting_since = None
        request.updated_at = now
        request.save()
        webhook_request_closed(request=request)
    return request
