"""What an agent works on: the areas and countries whose cases fill their desk's queues."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .taxonomy import Area


class AgentScope(models.Model):
    """The areas and seller countries an agent works. Empty areas or countries: all of them.

    The desk's queues show the agent's scope first (with a way to see everything), and
    the emails about an unassigned case go to the agents whose scope holds it."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="desk_scope",
        limit_choices_to={"is_staff": True, "seller__isnull": True},
    )
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas"),
        blank=True,
        related_name="+",
        help_text=_("None selected: every area."),
    )
    # Country codes (accounts.models.Country); empty: every country.
    countries = models.JSONField(
        _("countries"), default=list, blank=True, help_text=_("None selected: every country.")
    )

    # Automatic assignment (cases/services/assignment.py) skips an agent who is away, and
    # takes the one least recently given a case among those with the fewest open ones.
    away = models.BooleanField(
        _("away"), default=False, help_text=_("Away agents get no cases automatically.")
    )
    last_assigned_at = models.DateTimeField(
        _("last automatic assignment"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("agent's areas")
        verbose_name_plural = _("agents' areas")
        ordering = ["agent__full_name"]

    def __str__(self):
        return str(self.agent)
