"""How many cases each seller has in each status, kept by the services (cases/services).

The home page's four indicators, the tray tabs and the length of an unfiltered tray are
sums of these rows: a handful of rows read by primary key, whatever the seller's size,
instead of counting tens of thousands of cases on every page. The services change them
in the very transaction that creates a case or moves its status, so they are never
behind what the seller just did.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Seller

from ..status import CaseStatus


class SellerCaseCount(models.Model):
    seller = models.ForeignKey(
        Seller, verbose_name=_("seller"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices)
    # Not positive-only: a count that drifted (cases changed behind the services' back)
    # must not make the next status change fail; `case_counts_rebuild` repairs it.
    count = models.IntegerField(_("cases"), default=0)

    class Meta:
        verbose_name = _("case count")
        verbose_name_plural = _("case counts")
        constraints = [
            models.UniqueConstraint("seller", "status", name="cases_sellercasecount_unique"),
        ]

    def __str__(self):
        return f"{self.seller_id} · {self.status}: {self.count}"
