"""When a seller must answer a customer request: business hours per kind and country.

The hours and days come from CUSTOMER_REQUEST_BUSINESS_HOURS and the hours allowed from
CUSTOMER_REQUEST_DEADLINE_HOURS (settings, per seller country, with a "default"); the
arithmetic, the national holidays and the seller's time zone are the business calendar
of the support desk's estimates (cases.eta.calendar), with these hours instead.
"""

from datetime import datetime, time

from django.conf import settings

from accounts.models import Seller
from cases.eta.calendar import BusinessCalendar


def _for_country(setting: dict, country: str) -> dict:
    return setting.get(country) or setting["default"]


def request_calendar(seller: Seller) -> BusinessCalendar:
    hours = _for_country(settings.CUSTOMER_REQUEST_BUSINESS_HOURS, seller.country)
    return _calendar(
        seller.country, seller.time_zone, tuple(hours["workdays"]), hours["start"], hours["end"]
    )


_calendars: dict[tuple, BusinessCalendar] = {}


def _calendar(country: str, zone: str, workdays: tuple, start: str, end: str) -> BusinessCalendar:
    key = (country, zone, workdays, start, end)
    if key not in _calendars:
        _calendars[key] = BusinessCalendar(
            country=country,
            time_zone=zone,
            workdays=frozenset(workdays),
            day_start=time.fromisoformat(start),
            day_end=time.fromisoformat(end),
        )
    return _calendars[key]


def allowed_hours(seller: Seller, kind: str) -> int:
    return _for_country(settings.CUSTOMER_REQUEST_DEADLINE_HOURS, seller.country)[kind]


def deadline(*, seller: Seller, kind: str, since: datetime) -> datetime:
    """The instant the seller must have answered by, for a buyer who wrote at `since`."""
    return request_calendar(seller).add_business_seconds(since, allowed_hours(seller, kind) * 3600)


def business_seconds(*, seller: Seller, start: datetime, end: datetime) -> int:
    return request_calendar(seller).business_seconds_between(start, end)
