"""What the seller reads next to an estimated date, computed when a page or email is
rendered: "aprox. N días hábiles" counts from the moment of reading, never from the moment
the estimate was computed (a stored count would go stale by the next morning)."""

from datetime import datetime

from .calendar import calendar_for


def business_days_left(*, due_at: datetime, now: datetime, country: str, time_zone: str) -> int:
    """Business days from `now` to `due_at` in the seller's calendar, rounded up.

    At least 1 while a date is shown: a date reached but not yet renewed (the periodic
    refresh runs every few minutes) still reads "aprox. 1 día hábil", never 0.
    """
    calendar = calendar_for(country, time_zone)
    seconds = calendar.business_seconds_between(now, due_at)
    return max(1, calendar.business_days_ceil(seconds))
