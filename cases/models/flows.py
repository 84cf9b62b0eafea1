"""Tablero del equipo's resolutions and reopenings per day, rolled up (cases/dashboard.py).

Counting a quarter's status changes of one country's cases joined them to hundreds of
thousands of cases (over a second at a million cases). These rows hold the counts per
day, status reached, area, seller's country and agent, rolled up every
DASHBOARD_REFRESH_MINUTES by the beat task from the changes made before `covered_until`;
a board adds the few changes made since, counted live. A day is rolled again until the
roll after it ends, so a change recorded late is still counted; after that its rows keep
the area, country and agent the cases had then.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Country

from ..status import CaseStatus


class DailyStatusFlow(models.Model):
    day = models.DateField(_("day"))
    status = models.CharField(_("status reached"), max_length=20, choices=CaseStatus.choices)
    # Plain ids, not foreign keys: an aggregate, read by value; 0 when the case had none.
    area_id = models.PositiveIntegerField(_("area"))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    agent_id = models.PositiveIntegerField(_("agent"))
    count = models.PositiveIntegerField(_("changes"))

    class Meta:
        verbose_name = _("status changes of a day")
        verbose_name_plural = _("status changes per day")
        constraints = [
            models.UniqueConstraint(
                "day", "status", "area_id", "country", "agent_id", name="cases_dailyflow_unique"
            ),
        ]

    def __str__(self):
        return f"{self.day} · {self.status}: {self.count}"


class DailyFlowMark(models.Model):
    """One row: the rows above count every change made before `covered_until`."""

    covered_until = models.DateTimeField(_("covered until"))

    class Meta:
        verbose_name = _("roll-up of the status changes")
        verbose_name_plural = _("roll-ups of the status changes")

    def __str__(self):
        return f"{self.covered_until:%Y-%m-%d %H:%M}"
