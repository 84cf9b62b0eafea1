"""What the triage model learns from (example phrases) and the trained model itself."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CauseExamplePhrase(models.Model):
    """How a seller could say, in their own words, that they need this cause."""

    cause = models.ForeignKey(
        "cases.Cause",
        verbose_name=_("cause"),
        on_delete=models.CASCADE,
        related_name="example_phrases",
    )
    text = models.CharField(
        _("phrase"),
        max_length=300,
        help_text=_("As a seller would write it, e.g. “el courier no vino a retirar”."),
    )

    class Meta:
        verbose_name = _("example phrase")
        verbose_name_plural = _("example phrases")
        ordering = ["cause", "id"]
        constraints = [
            models.UniqueConstraint("cause", "text", name="cases_causeexamplephrase_unique"),
        ]

    def __str__(self):
        return self.text


class TriageModel(models.Model):
    """One trained version of the model that suggests causes; the newest one is used.

    `arrays` holds only numbers and strings in NumPy's .npz format, read back without
    pickle (cases/triage/classifier.py): a stored model never runs code when loaded.
    """

    trained_at = models.DateTimeField(_("trained"), default=timezone.now, editable=False)
    recipe = models.PositiveSmallIntegerField(_("feature recipe"), editable=False)
    phrase_count = models.PositiveIntegerField(_("example phrases"), default=0)
    case_count = models.PositiveIntegerField(_("resolved cases"), default=0)
    cause_count = models.PositiveIntegerField(_("causes"), default=0)
    feature_count = models.PositiveIntegerField(_("features"), default=0)
    # {"train_seconds": …, "cv_top1": …, "cv_top3": …} (cross-validation when asked for)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    arrays = models.BinaryField(_("model arrays (.npz)"), editable=False)

    class Meta:
        verbose_name = _("triage model")
        verbose_name_plural = _("triage models")
        ordering = ["-id"]
        permissions = [("train_triagemodel", _("Can retrain the triage model"))]

    def __str__(self):
        return _("Version %(version)d") % {"version": self.version}

    @property
    def version(self) -> int:
        """Versions only grow: the newest row is the one in use."""
        return self.pk
