"""A marketplace's order platform, connected to the portal: its token, its webhook, and
the sellers it may act for."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller


class Integration(models.Model):
    """One integration of the marketplace API. Its token is stored only as a SHA-256 hash
    (customers/tokens.py): the admin shows it once, when it is made."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_prefix = models.CharField(
        _("token starts with"),
        max_length=16,
        editable=False,
        help_text=_("The first characters of the token, to tell tokens apart."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Needed in clear to sign each webhook; only the admin shows it.
    webhook_secret = models.CharField(_("webhook secret"), max_length=100, editable=False)
    webhook_url = models.URLField(
        _("webhook address"),
        blank=True,
        help_text=_("Where the sellers' answers are sent (https). Empty: none are sent."),
    )
    sellers = models.ManyToManyField(
        Seller,
        verbose_name=_("sellers"),
        blank=True,
        related_name="+",
        help_text=_("The sellers this integration may create requests for."),
    )
    attachment_hosts = models.TextField(
        _("attachment hosts"),
        blank=True,
        help_text=_(
            "One host per line (e.g. files.marketplace.example): attachments given by URL "
            "must be https links on one of them. The portal never downloads them."
        ),
    )
    email_buyer = models.BooleanField(
        _("email answers to the buyer"),
        default=False,
        help_text=_("Also send each answer to the buyer's relay address."),
    )
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=600,
        help_text=_("Rate limit of this token; more requests are answered 429."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Revoked: its token is refused (401).")
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("marketplace integration")
        verbose_name_plural = _("marketplace integrations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.webhook_url:
            scheme = urlsplit(self.webhook_url).scheme
            if scheme != "https" and not settings.CUSTOMERS_WEBHOOK_ALLOW_HTTP:
                raise ValidationError(
                    {"webhook_url": _("The webhook address must start with https://.")},
                    code="https_required",
                )

    @property
    def attachment_host_list(self) -> list[str]:
        return [h.strip().lower() for h in self.attachment_hosts.split() if h.strip()]
