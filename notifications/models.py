from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One email to send: the outbox while pending, the record of what was sent after.

    `key` is built by the caller and is unique, so asking twice to send the same email
    (a retried request, a task run twice) never sends it twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=100)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("What the email is about, e.g. case:42."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        related_name="outbound_emails",
        null=True,
        blank=True,
    )
    to_email = models.EmailField(_("to"))
    reply_to = models.CharField(
        _("reply to"),
        max_length=254,
        blank=True,
        help_text=_("Where a reply goes: an address the portal reads (notifications.inbound)."),
    )
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    lease_until = models.DateTimeField(
        _("sending until"),
        null=True,
        blank=True,
        help_text=_(
            "While sending: if the email is still not sent by then, its worker is taken as "
            "lost and the email is sent again."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The flush: pending rows that are due, and "sending" rows whose lease ended.
            models.Index(fields=["status", "next_attempt_at"], name="notif_email_due_idx"),
            models.Index(fields=["status", "lease_until"], name="notif_email_lease_idx"),
            models.Index(fields=["created_at"], name="notif_email_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notif_email_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(lease_until__isnull=False),
                name="notif_email_sending_has_lease",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"


class NotificationPreference(models.Model):
    """A user's choice for one kind of email. No row means the user wants it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=100)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_unique_user_kind"),
        ]

    def __str__(self):
        return f"{self.user} · {self.kind}"


class InboundEmail(models.Model):
    """One email that reached the portal (a reply to one of its emails), raw, with what
    became of it. Unique by Message-ID: the same message delivered twice (by IMAP and by
    the webhook, or twice by a provider) is one row and is processed once."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        IGNORED = "ignored", _("Ignored")
        FAILED = "failed", _("Failed")

    class Reason(models.TextChoices):
        NONE = "", _("—")
        AUTOMATIC = "automatic", _("Automatic reply, bounce or mailing list")
        NO_TOKEN = "no_token", _("Not a reply to a portal email")
        INVALID_TOKEN = "invalid_token", _("Invalid reply address")
        EXPIRED_TOKEN = "expired_token", _("Expired reply address")
        UNKNOWN_SENDER = "unknown_sender", _("Unknown sender")
        CLOSED = "closed", _("Closed")
        ATTACHMENT = "attachment", _("Attachment refused")
        EMPTY = "empty", _("Empty reply")
        TOO_LONG = "too_long", _("Reply too long")
        ERROR = "error", _("Processing error")

    class Channel(models.TextChoices):
        IMAP = "imap", _("IMAP mailbox")
        WEBHOOK = "webhook", _("Webhook")
        COMMAND = "command", _("Command")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    channel = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    from_address = models.CharField(_("from"), max_length=254, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("What the reply is about, from its reply address, e.g. case:42."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=Reason.choices, default="", blank=True
    )
    detail = models.TextField(_("detail"), blank=True)
    result = models.CharField(
        _("result"),
        max_length=100,
        blank=True,
        help_text=_("What the reply became, e.g. comment:7 or task:3."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    refusal_email = models.ForeignKey(
        OutboundEmail,
        verbose_name=_("automatic answer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The sweep: what is still waiting to be processed.
            models.Index(fields=["status", "received_at"], name="notif_inbound_status_idx"),
        ]

    def __str__(self):
        return f"{self.subject or self.message_id} ← {self.from_address}"
