"""The figures of the goal of issue 18, from the outcomes of a replayed year."""

import statistics
from dataclasses import dataclass

import numpy as np

from .runner import Outcome
from .scenario import CAUSES

# The goal: shares of cases resolved by the estimate first shown (the time waiting on the
# seller credited to the seller), sharpness, and how late cases are treated.
GOAL_ALL = 0.90
GOAL_PER_CAUSE = 0.85  # Every cause with at least PER_CAUSE_MIN_CASES cases.
PER_CAUSE_MIN_CASES = 30
GOAL_BEFORE_LEARNING = 0.80
GOAL_SHARPNESS = 1.15  # Median first estimate / the cause's true 90th percentile, at most.
GOAL_NEW_DATE_MET = 0.80
GOAL_ONE_NEW_DATE = 0.80


def _share(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class CauseFigures:
    key: str
    cases: int
    on_time: float
    sharpness: float  # Median first estimate / true p90.
    median_ratio: float  # Median first estimate / median real time.
    # The 90th percentile of this year's own times / true p90: above GOAL_SHARPNESS, a
    # promise that covers nine cases in ten of this year cannot also be that sharp.
    own_p90: float


@dataclass(frozen=True)
class Figures:
    cases: int
    on_time: float
    before_learning: float | None
    before_learning_cases: int
    learned_no_pause: float | None
    paused: float | None
    median_ratio: float
    overdue_cases: int
    new_dates: int
    new_date_met: float | None
    one_new_date: float | None
    most_new_dates: int
    causes: list[CauseFigures]

    def goal_checks(self) -> dict[str, bool]:
        counted = [c for c in self.causes if c.cases >= PER_CAUSE_MIN_CASES]
        return {
            "all cases": self.on_time >= GOAL_ALL,
            "every cause": all(c.on_time >= GOAL_PER_CAUSE for c in counted),
            "before learning": (self.before_learning or 1) >= GOAL_BEFORE_LEARNING,
            "sharpness": all(c.sharpness <= GOAL_SHARPNESS for c in counted),
            "new date met": (self.new_date_met or 1) >= GOAL_NEW_DATE_MET,
            "one new date": (self.one_new_date or 1) >= GOAL_ONE_NEW_DATE,
        }

    @property
    def goal_met(self) -> bool:
        return all(self.goal_checks().values())


def figures(outcomes: list[Outcome]) -> Figures:
    specs = {spec.key: spec for spec in CAUSES}
    causes = []
    for key in specs:
        mine = [o for o in outcomes if o.cause == key]
        if not mine:
            continue
        first = statistics.median(o.first_seconds for o in mine)
        causes.append(
            CauseFigures(
                key=key,
                cases=len(mine),
                on_time=_share(o.on_time for o in mine),
                sharpness=first / specs[key].true_p90(),
                median_ratio=first / statistics.median(o.resolution_seconds for o in mine),
                own_p90=float(np.quantile([o.resolution_seconds for o in mine], 0.9))
                / specs[key].true_p90(),
            )
        )
    before = [o for o in outcomes if o.first_method != "learned"]
    late = [o for o in outcomes if o.renewals]
    new_dates = [(o.resolution_seconds, total) for o in late for total in o.renewals]
    return Figures(
        cases=len(outcomes),
        on_time=_share(o.on_time for o in outcomes),
        before_learning=_share(o.on_time for o in before),
        before_learning_cases=len(before),
        learned_no_pause=_share(
            o.on_time for o in outcomes if o.first_method == "learned" and not o.paused
        ),
        paused=_share(o.on_time for o in outcomes if o.paused),
        median_ratio=statistics.median(o.first_seconds for o in outcomes)
        / statistics.median(o.resolution_seconds for o in outcomes),
        overdue_cases=len(late),
        new_dates=len(new_dates),
        new_date_met=_share(seconds <= total for seconds, total in new_dates),
        one_new_date=_share(len(o.renewals) <= 1 for o in late),
        most_new_dates=max((len(o.renewals) for o in late), default=0),
        causes=causes,
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def table(runs: list[tuple[str, Figures]]) -> str:
    """A Markdown table, one column per run, the goal in the last column."""
    heads = [name for name, _f in runs]
    rows: list[tuple[str, list[str], str]] = [
        ("cases", [str(f.cases) for _n, f in runs], ""),
        ("resolved by the estimate first shown", [_pct(f.on_time) for _n, f in runs], "≥ 90 %"),
        (
            "the same, before the cause has enough history",
            [f"{_pct(f.before_learning)} of {f.before_learning_cases}" for _n, f in runs],
            "≥ 80 %",
        ),
        (
            "the same, after learning, cases without a pause",
            [_pct(f.learned_no_pause) for _n, f in runs],
            "",
        ),
        ("cases with a pause (its time credited)", [_pct(f.paused) for _n, f in runs], ""),
        (
            "median estimate / median real resolution time",
            [f"{f.median_ratio:.2f}" for _n, f in runs],
            "",
        ),
        ("overdue cases", [str(f.overdue_cases) for _n, f in runs], ""),
        (
            "new dates given to overdue cases, met",
            [f"{_pct(f.new_date_met)} of {f.new_dates}" for _n, f in runs],
            "≥ 80 %",
        ),
        (
            "overdue cases with at most one new date",
            [f"{_pct(f.one_new_date)} (most: {f.most_new_dates})" for _n, f in runs],
            "≥ 80 %",
        ),
    ]
    keys = [c.key for c in runs[0][1].causes]
    for key in keys:
        by_run = [next(c for c in f.causes if c.key == key) for _n, f in runs]
        rows.append(
            (
                f"cause `{key}`: on time (cases)",
                [f"{_pct(c.on_time)} ({c.cases})" for c in by_run],
                "≥ 85 %",
            )
        )
        rows.append(
            (
                f"cause `{key}`: median estimate / true p90",
                [f"{c.sharpness:.2f}" for c in by_run],
                "≤ 1.15",
            )
        )
        rows.append(
            (
                f"cause `{key}`: this year's own 90th percentile / true p90",
                [f"{c.own_p90:.2f}" for c in by_run],
                "",
            )
        )
    rows.append(("goal met", ["yes" if f.goal_met else "no" for _n, f in runs], ""))
    lines = [
        "| | " + " | ".join(heads) + " | goal |",
        "|---|" + "---|" * (len(heads) + 1),
    ]
    lines += [f"| {label} | " + " | ".join(values) + f" | {goal} |" for label, values, goal in rows]
    return "\n".join(lines)
