"""A synthetic year of support cases whose true resolution times are known (pure, seeded).

Six causes in two areas with narrow and wide spreads, a heavy tail, a target set too low
and one too generous; sellers in four countries; some cases wait on the seller in the
middle. Times are business seconds of active work (a business day is 9 h); the replay
(runner.py) turns them into instants on each seller's calendar.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from accounts.models import COUNTRY_TIME_ZONES

from ..eta.calendar import BusinessCalendar

DAY = 9 * 3600
HOUR = 3600
COUNTRIES = ("CL", "PE", "CO", "MX")


@dataclass(frozen=True)
class CauseSpec:
    key: str
    name: str
    area: str
    share: float  # Of all cases.
    target_value: int
    target_unit: str  # "days" or "hours"
    # The true distribution of active business time: a mixture of lognormals, each
    # (weight, median in business days, sigma).
    components: tuple[tuple[float, float, float], ...]

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        weights = np.array([c[0] for c in self.components])
        which = rng.choice(len(self.components), size=size, p=weights / weights.sum())
        medians = np.array([c[1] for c in self.components])[which] * DAY
        sigmas = np.array([c[2] for c in self.components])[which]
        return np.maximum(np.round(rng.lognormal(np.log(medians), sigmas)), 60)

    def true_p90(self) -> float:
        """The 90th percentile of the true distribution (a large fixed-seed sample)."""
        return float(np.quantile(self.draw(np.random.default_rng(90), 400_000), 0.9))


CAUSES = (
    CauseSpec("label", "Etiqueta no se genera", "Despachos", 0.24, 2, "days", ((1, 1.2, 0.35),)),
    CauseSpec(
        "delivery",
        "Entrega atrasada",
        "Despachos",
        0.20,
        4,
        "days",
        ((0.85, 2.0, 0.5), (0.15, 8.0, 0.7)),  # Heavy tail: one case in seven is a saga.
    ),
    CauseSpec("return", "Devolución rechazada", "Despachos", 0.14, 8, "days", ((1, 3.5, 0.5),)),
    CauseSpec(
        "settlement", "Liquidación no coincide", "Pagos", 0.16, 4, "days", ((1, 3.0, 1.0),)
    ),  # Wide, and a target far too low: its true 90th percentile is about 11 days.
    CauseSpec("data", "Cambio de datos bancarios", "Pagos", 0.14, 6, "hours", ((1, 0.5, 0.6),)),
    CauseSpec("invoice", "Factura rechazada", "Pagos", 0.12, 6, "days", ((1, 4.0, 0.7),)),
)


@dataclass(frozen=True)
class PlannedCase:
    index: int
    cause: str
    country: str
    created_at: datetime
    active_seconds: int  # True business time of work to resolution (pauses excluded).
    assign_after: int  # Active seconds before an agent takes it.
    pause_after: int | None  # Active seconds before support asks the seller (or None).
    pause_seconds: int  # Business seconds the seller takes to answer.


def plan_year(*, seed: int, cases: int, start: date, days: int = 365) -> list[PlannedCase]:
    """`cases` cases filed over `days` days from `start` (sellers file at any hour from
    08:00 to 22:00 local, Monday to Saturday), in order of filing."""
    rng = np.random.default_rng(seed)
    shares = np.array([c.share for c in CAUSES])
    causes = rng.choice(len(CAUSES), size=cases, p=shares / shares.sum())
    countries = rng.choice(len(COUNTRIES), size=cases)
    planned = []
    for index in range(cases):
        spec = CAUSES[causes[index]]
        active = int(spec.draw(rng, 1)[0])
        day = start + timedelta(days=int(rng.integers(0, days)))
        while day.weekday() == 6:
            day += timedelta(days=1)
        country = COUNTRIES[countries[index]]
        zone = ZoneInfo(COUNTRY_TIME_ZONES[country])
        created = datetime(day.year, day.month, day.day, 8, tzinfo=zone) + timedelta(
            seconds=int(rng.integers(0, 14 * HOUR))
        )
        paused = rng.random() < 0.3
        planned.append(
            PlannedCase(
                index=index,
                cause=spec.key,
                country=country,
                created_at=created,
                active_seconds=active,
                assign_after=min(int(active * 0.1), 2 * HOUR),
                pause_after=int(active * rng.uniform(0.1, 0.7)) if paused else None,
                pause_seconds=int(rng.lognormal(math.log(DAY), 0.8)) if paused else 0,
            )
        )
    planned.sort(key=lambda p: (p.created_at, p.index))
    return planned


@dataclass(frozen=True)
class Timeline:
    """When each step of a planned case happens, on its seller's calendar."""

    created_at: datetime
    assign_at: datetime
    pause: tuple[datetime, datetime] | None
    resolve_at: datetime


def timeline(case: PlannedCase, calendar: BusinessCalendar) -> Timeline:
    def at_active(seconds: int) -> datetime:
        if case.pause_after is None or seconds <= case.pause_after:
            return calendar.add_business_seconds(case.created_at, seconds)
        return calendar.add_business_seconds(pause_end, seconds - case.pause_after)

    pause = None
    if case.pause_after is not None:
        pause_start = calendar.add_business_seconds(case.created_at, case.pause_after)
        pause_end = calendar.add_business_seconds(pause_start, case.pause_seconds)
        pause = (pause_start, pause_end)
    return Timeline(
        created_at=case.created_at,
        assign_at=at_active(case.assign_after),
        pause=pause,
        resolve_at=at_active(case.active_seconds),
    )
