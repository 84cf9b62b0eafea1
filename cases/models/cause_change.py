"""A case moved to another cause by an agent ("Cambiar motivo"): kept for the history of
the case, for the desk's count of the causes sellers confuse, and for the triage model
(the seller's choice and the cause that was right)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import Case
from .taxonomy import Cause


class CaseCauseChange(models.Model):
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="cause_changes",
        db_index=False,  # cause_change_case_idx starts with it
    )
    # The cause the case had (the seller's own choice, on the first change) and the new one.
    from_cause = models.ForeignKey(
        Cause,
        verbose_name=_("from cause"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # cause_change_from_idx starts with it
    )
    to_cause = models.ForeignKey(
        Cause, verbose_name=_("to cause"), on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    # The seller chose the first `from_cause`: true on the case's first change only.
    from_seller_choice = models.BooleanField(_("the seller's choice"), default=True)

    class Meta:
        verbose_name = _("reason change")
        verbose_name_plural = _("reason changes")
        ordering = ["changed_at", "id"]
        indexes = [
            models.Index(fields=["case", "changed_at"], name="cause_change_case_idx"),
            # The desk's count: the changes of the last weeks, by the cause sellers chose.
            models.Index(fields=["changed_at", "from_cause"], name="cause_change_recent_idx"),
            models.Index(fields=["from_cause", "changed_at"], name="cause_change_from_idx"),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.from_cause_id} → {self.to_cause_id}"
