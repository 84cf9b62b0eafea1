from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller


class SavedAnswer(models.Model):
    """Respuestas guardadas: a seller's own reusable answer, shared by all its users."""

    seller = models.ForeignKey(
        Seller, verbose_name=_("seller"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("answer"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    class Meta:
        verbose_name = _("saved answer")
        verbose_name_plural = _("saved answers")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint("seller", "title", name="customers_savedanswer_title_unique"),
        ]

    def __str__(self):
        return self.title
