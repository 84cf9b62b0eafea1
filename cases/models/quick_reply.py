"""Respuestas rápidas: replies agents reuse, with placeholders filled per case."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .taxonomy import Area, Cause


class QuickReplyAction(models.TextChoices):
    NONE = "", _("Only reply")
    RESOLVE = "resolve", _("Reply and resolve the case")
    REQUEST_INFORMATION = "request_information", _("Reply and request information")


class QuickReply(models.Model):
    title = models.CharField(_("title"), max_length=120)
    # Plain text with placeholders such as {nombre_vendedor} (cases/quick_replies.py):
    # filled by code, never evaluated as a template.
    body = models.TextField(_("text"))
    cause = models.ForeignKey(
        Cause,
        verbose_name=_("cause"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: cases of any cause."),
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: cases of any area."),
    )
    action = models.CharField(
        _("action"), max_length=20, choices=QuickReplyAction.choices, blank=True, default=""
    )
    task_text = models.TextField(
        _("request for information"),
        blank=True,
        help_text=_("What the seller is asked for, when the action requests information."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    usage_count = models.PositiveIntegerField(_("times used"), default=0, editable=False)

    class Meta:
        verbose_name = _("quick reply")
        verbose_name_plural = _("quick replies")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.action == QuickReplyAction.REQUEST_INFORMATION and not self.task_text.strip():
            raise ValidationError(
                {"task_text": _("Write what the seller is asked for.")}, code="task_required"
            )
