"""Business-calendar arithmetic for the estimated resolution time (SLA) of cases.

Working hours are wall-clock times of the seller's time zone: a business day runs
09:00-18:00 local time even on a day when daylight saving time changes. So each day's
window is built in local time and then converted to UTC, and every subtraction is done in
UTC (subtracting two datetimes that share a tzinfo ignores any change of offset between
them). Everything here is pure except `calendar_for`, which reads the settings.
"""

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

ONE_SECOND = timedelta(seconds=1)
ONE_DAY = timedelta(days=1)
NO_TIME = timedelta(0)

# A pause of the clock: (start, end); an end of None means "still paused".
Pause = tuple[datetime, datetime | None]


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days and hours of one country, in one time zone."""

    country: str  # ISO 3166 code known to the `holidays` package: "CL", "PE", "CO", "MX"...
    time_zone: str  # IANA name, e.g. "America/Santiago"
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday is 0
    day_start: time = time(9, 0)
    day_end: time = time(18, 0)

    def __post_init__(self) -> None:
        # Accept any iterable of weekdays (a list from settings) but stay hashable.
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        if not self.workdays or not self.workdays <= set(range(7)):
            raise ValueError(f"workdays must be weekdays 0-6, got {sorted(self.workdays)}")
        if self.day_start.tzinfo is not None or self.day_end.tzinfo is not None:
            raise ValueError("day_start and day_end are local wall-clock times: no tzinfo")
        if self.day_end <= self.day_start:
            raise ValueError("day_end must be after day_start")
        if self.country not in _supported_countries():
            raise ValueError(f"no holiday calendar for country {self.country!r}")
        ZoneInfo(self.time_zone)  # Fail now, not on first use, on an unknown zone name.

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)  # ZoneInfo keeps one instance per key.

    @property
    def seconds_per_day(self) -> int:
        """Nominal length of a business day (wall-clock end minus start)."""
        opening = datetime.combine(date.min, self.day_start)
        return (datetime.combine(date.min, self.day_end) - opening) // ONE_SECOND

    def is_holiday(self, d: date) -> bool:
        return d in _national_holidays(self.country, d.year)

    def is_business_day(self, d: date) -> bool:
        return d.weekday() in self.workdays and not self.is_holiday(d)

    def business_seconds_between(self, start: datetime, end: datetime) -> int:
        """Business seconds in [start, end), rounded down; 0 if end <= start."""
        return self._business_time(start, end) // ONE_SECOND

    def add_business_seconds(self, start: datetime, seconds: int) -> datetime:
        """The earliest instant t >= start with business_seconds_between(start, t) == seconds.

        So an amount that uses up a day exactly ends at that day's closing time, not at the
        next opening. Zero returns `start` itself; otherwise the result is in `self.tz`.
        """
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        if seconds == 0:
            return start
        start = _to_utc(start)
        remaining = timedelta(seconds=seconds)
        for opens, closes in self._windows_from(self._local_date(start)):
            begin = max(opens, start)
            if begin >= closes:
                continue
            if remaining <= closes - begin:
                return (begin + remaining).astimezone(self.tz)
            remaining -= closes - begin
        raise AssertionError("unreachable: _windows_from never ends")

    def next_business_moment(self, at: datetime) -> datetime:
        """`at` (in `self.tz`) if inside working hours, else the next opening time."""
        at = _to_utc(at)
        for opens, closes in self._windows_from(self._local_date(at)):
            if at < closes:
                return max(opens, at).astimezone(self.tz)
        raise AssertionError("unreachable: _windows_from never ends")

    def business_days_ceil(self, seconds: int) -> int:
        """Whole business days needed to cover `seconds` (0 for nothing or less)."""
        return max(0, -(-seconds // self.seconds_per_day))

    def _business_time(self, start: datetime, end: datetime) -> timedelta:
        # Exact (microseconds kept) so that sums and differences round only once.
        start, end = _to_utc(start), _to_utc(end)
        total = NO_TIME
        if end <= start:
            return total
        for opens, closes in self._windows_from(self._local_date(start)):
            if opens >= end:
                break
            total += max(NO_TIME, min(closes, end) - max(opens, start))
        return total

    def _windows_from(self, first_day: date) -> Iterator[tuple[datetime, datetime]]:
        """Opening and closing instants, in UTC, of each business day from first_day on."""
        tz, day_start, day_end = self.tz, self.day_start, self.day_end
        day = first_day
        while True:
            if self.is_business_day(day):
                opens = datetime.combine(day, day_start, tzinfo=tz).astimezone(UTC)
                closes = datetime.combine(day, day_end, tzinfo=tz).astimezone(UTC)
                yield opens, closes
            day += ONE_DAY

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()


def active_business_seconds(
    calendar: BusinessCalendar,
    start: datetime,
    end: datetime,
    pauses: Iterable[Pause],
) -> int:
    """Business seconds in [start, end) during which the clock was not paused.

    Pauses may overlap each other or reach outside [start, end); paused time counts once.
    """
    start, end = _to_utc(start), _to_utc(end)
    if end <= start:
        return 0
    paused = sum(
        (calendar._business_time(p_start, p_end) for p_start, p_end in _merged(pauses, start, end)),
        NO_TIME,
    )
    return (calendar._business_time(start, end) - paused) // ONE_SECOND


def calendar_for(country: str, time_zone: str) -> BusinessCalendar:
    """The calendar of `country` in `time_zone`, with the hours of settings.BUSINESS_HOURS."""
    hours = settings.BUSINESS_HOURS
    # The setting's values are part of the cache key, so overriding it (tests) is honoured.
    return _cached_calendar(
        country, time_zone, frozenset(hours["workdays"]), hours["start"], hours["end"]
    )


@functools.lru_cache(maxsize=128)
def _cached_calendar(
    country: str, time_zone: str, workdays: frozenset[int], start: str, end: str
) -> BusinessCalendar:
    return BusinessCalendar(
        country=country,
        time_zone=time_zone,
        workdays=workdays,
        day_start=time.fromisoformat(start),
        day_end=time.fromisoformat(end),
    )


def _merged(
    pauses: Iterable[Pause], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Pauses clipped to [start, end), sorted, with overlapping ones joined."""
    clipped = sorted(
        (max(_to_utc(p_start), start), end if p_end is None else min(_to_utc(p_end), end))
        for p_start, p_end in pauses
    )
    merged: list[tuple[datetime, datetime]] = []
    for p_start, p_end in clipped:
        if p_end <= p_start:
            continue
        if merged and p_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], p_end))
        else:
            merged.append((p_start, p_end))
    return merged


def _to_utc(moment: datetime) -> datetime:
    if moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got naive {moment!r}")
    return moment.astimezone(UTC)


@functools.lru_cache(maxsize=256)
def _national_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


@functools.lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())
