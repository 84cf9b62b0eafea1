"""The time zone a person reads dates and times in: one place, for pages and emails.

A seller's users read every date and hour in their seller's zone (`Seller.time_zone`, the
zone its business calendar counts in too); support agents and visitors read
settings.TIME_ZONE. Pages get it from `SellerTimeZoneMiddleware`; whatever is rendered for
a seller outside a request (the case emails, built in Celery or in an agent's request)
renders inside `seller_local_time(seller)`. Templates then format dates as usual (`|date`,
the case_tags filters): Django converts them to the zone active at that moment.
"""

from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Seller

# How a page names each zone to its reader ("Fechas y horas en hora de Ciudad de México").
ZONE_LABELS = {
    "America/Santiago": _("Santiago time"),
    "America/Lima": _("Lima time"),
    "America/Bogota": _("Bogotá time"),
    "America/Mexico_City": _("Mexico City time"),
}


def seller_zone(seller: Seller) -> ZoneInfo:
    return ZoneInfo(seller.time_zone)  # ZoneInfo keeps one instance per key.


def seller_local_time(seller: Seller) -> AbstractContextManager:
    """Within it, dates render in the seller's zone (a context manager)."""
    return timezone.override(seller_zone(seller))


def user_local_time(user) -> AbstractContextManager:
    """The seller's zone for a seller's user; nothing changes for anyone else."""
    if getattr(user, "is_authenticated", False) and getattr(user, "seller_id", None):
        return seller_local_time(user.seller)
    return nullcontext()


def seller_today(seller: Seller, now: datetime | None = None) -> date:
    """Today's date where the seller is (a day typed for them means their day)."""
    return timezone.localdate(now, timezone=seller_zone(seller))


def zone_label(zone: ZoneInfo | None = None) -> str:
    """The zone's name for people; the active zone's when none is given."""
    key = str(zone or timezone.get_current_timezone())
    return str(ZONE_LABELS.get(key, key))
