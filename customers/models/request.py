"""A buyer's request to a seller, its messages and their files."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Seller

from .integration import Integration


class RequestKind(models.TextChoices):
    QUESTION = "question", _("Question")
    POST_SALE = "post_sale", _("Post-sale")
    CLAIM = "claim", _("Claim")


class RequestStatus(models.TextChoices):
    # The buyer wrote last and waits for the seller: the deadline runs.
    AWAITING = "awaiting", pgettext_lazy("customer request status", "Unanswered")
    ANSWERED = "answered", pgettext_lazy("customer request status", "Answered")
    CLOSED = "closed", pgettext_lazy("customer request status", "Closed")


class CustomerRequest(models.Model):
    """A buyer's question, post-sale message or claim, pushed by the marketplace.

    `due_at` is set while the request waits for the seller (status AWAITING) and empty
    otherwise: the lists sort on it, soonest first. `first_due_at` and `first_answered_at`
    keep the first deadline and answer for "Tu nivel de atención".
    """

    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.PROTECT, related_name="+"
    )
    external_id = models.CharField(_("marketplace id"), max_length=100)
    seller = models.ForeignKey(
        Seller,
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="customer_requests",
        db_index=False,  # the indexes below start with it
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.AWAITING
    )
    order_number = models.CharField(_("order number"), max_length=40, blank=True)
    product_sku = models.CharField(_("SKU"), max_length=60, blank=True)
    product_title = models.CharField(_("product"), max_length=200, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=120)
    buyer_email = models.EmailField(
        _("buyer's relay address"),
        blank=True,
        help_text=_("The marketplace's relay address for this buyer, never the real one."),
    )
    # The start of the buyer's first message, for lists and searches.
    summary = models.CharField(_("summary"), max_length=300)
    # When the portal received it (the deadline counts from the buyer's message, sent_at).
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    updated_at = models.DateTimeField(_("last update"), default=timezone.now)
    awaiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    first_due_at = models.DateTimeField(_("first deadline"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    first_answer_business_seconds = models.PositiveIntegerField(
        _("business time to first answer (s)"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # When the new-request emails were queued (by a task after the commit: the API answers
    # without building them); empty ones are swept up by a periodic task.
    alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The deadline the "about to miss it" email was sent for (one email per deadline).
    warned_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the marketplace sent first, hashed: the same id with other data is a 409.
    payload_digest = models.CharField(max_length=64, editable=False)
    # Buyer, product, order and first message, for the sellers' search. PostgreSQL fills
    # it (a trigger, migration 0001); elsewhere it stays empty and the search reads text.
    search_document = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("customer request")
        verbose_name_plural = _("customer requests")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                "integration", "external_id", name="customers_request_external_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.AWAITING) | Q(due_at__isnull=True),
                name="customers_request_due_only_awaiting",
            ),
        ]
        indexes = [
            # Every list: soonest deadline first (waiting ones), then latest message. In
            # PostgreSQL an ascending column keeps its NULLs last, as the lists sort (SQLite
            # cannot say NULLS LAST in an index).
            models.Index(
                fields=["seller", "due_at", "-last_message_at", "-id"],
                name="custreq_seller_sort_idx",
            ),
            models.Index(
                fields=["seller", "status", "due_at", "-last_message_at", "-id"],
                name="custreq_seller_status_sort_idx",
            ),
            # A list filtered by kind (claims: a tenth of a large seller's requests): its page
            # and its length read this index alone, not the seller's every request.
            models.Index(
                fields=["seller", "kind", "due_at", "-last_message_at", "-id"],
                name="custreq_seller_kind_sort_idx",
            ),
            models.Index(fields=["seller", "order_number"], name="custreq_seller_order_idx"),
            # Tu nivel de atención: the last weeks' requests; the hourly digest: the last hours'.
            models.Index(fields=["seller", "received_at"], name="custreq_seller_received_idx"),
            models.Index(fields=["received_at"], name="custreq_received_idx"),
            # The periodic sweep of new requests whose emails were never queued.
            models.Index(
                fields=["received_at"],
                condition=Q(alerted_at__isnull=True),
                name="custreq_unalerted_idx",
            ),
            # The periodic "about to miss the deadline" check, over every seller.
            models.Index(
                fields=["due_at"],
                condition=Q(status=RequestStatus.AWAITING),
                name="custreq_awaiting_due_idx",
            ),
        ]

    def __str__(self):
        return f"{self.external_id} · {self.buyer_name}"

    def get_absolute_url(self):
        return reverse("customers:detail", kwargs={"pk": self.pk})

    @property
    def is_awaiting(self) -> bool:
        return self.status == RequestStatus.AWAITING

    @property
    def is_closed(self) -> bool:
        return self.status == RequestStatus.CLOSED


class MessageAuthor(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")


class RequestMessage(models.Model):
    """One message of the thread: the buyer's (from the API) or the seller's answer."""

    request = models.ForeignKey(
        CustomerRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="messages",
        db_index=False,  # custmsg_request_idx starts with it
    )
    # The marketplace's id of a buyer's message; empty for the seller's answers.
    external_id = models.CharField(_("marketplace id"), max_length=100, blank=True)
    author = models.CharField(_("from"), max_length=10, choices=MessageAuthor.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    payload_digest = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("request message")
        verbose_name_plural = _("request messages")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "request",
                "external_id",
                condition=~Q(external_id=""),
                name="customers_message_external_id_unique",
            ),
        ]
        indexes = [models.Index(fields=["request", "sent_at"], name="custmsg_request_idx")]

    def __str__(self):
        return self.body[:60]

    @property
    def is_from_buyer(self) -> bool:
        return self.author == MessageAuthor.BUYER


ATTACHMENTS_DIR = "customer-attachments"


def attachment_upload_to(instance, filename):
    # Unguessable, and never derived from what the buyer or the seller named it.
    now = timezone.now()
    return f"{ATTACHMENTS_DIR}/{now:%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class RequestAttachment(models.Model):
    """A file of a message: stored here (base64 from the API, or the seller's upload), or
    a link to the marketplace's own storage that the portal never fetches."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        CustomerRequest, on_delete=models.CASCADE, related_name="attachments", db_index=False
    )
    message = models.ForeignKey(
        RequestMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    extension = models.CharField(max_length=8, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("request attachment")
        verbose_name_plural = _("request attachments")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["request", "created_at"], name="custatt_request_idx")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        if self.url:
            return self.url
        return reverse("customers:attachment", kwargs={"pk": self.pk})


class SellerRequestCount(models.Model):
    """How many requests a seller has in each status, kept by the services (as the cases'
    counts): the indicators and the lengths of unfiltered lists read a few rows."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=RequestStatus.choices)
    count = models.IntegerField(default=0)
    # Requests that entered or left this status, ever: the sum over a seller's rows grows
    # with every new request and every status move, so it names the state of the seller's
    # lists (a search's count is kept under it: customers/views/inbox.py).
    changes = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("request count")
        verbose_name_plural = _("request counts")
        constraints = [
            models.UniqueConstraint("seller", "status", name="customers_requestcount_unique"),
        ]

    def __str__(self):
        return f"{self.seller_id} · {self.status}: {self.count}"
