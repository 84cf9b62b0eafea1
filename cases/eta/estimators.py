"""How long a case will take: estimators on the distribution of past cases (pure functions).

The inputs are business seconds of active time (pauses excluded) of a group's recent cases:
those resolved (`events`) and those still open, known only to have taken at least their time
so far (`censored`). Leaving the open ones out would learn from the fast cases only (the slow
ones of the last weeks have not finished yet), so the distribution is the Kaplan-Meier
estimate, which counts each open case as "still running at its age".

- At creation, from the case's own cause: a lognormal fitted to it (censoring included)
  and Student's prediction bound, exact for lognormal times at any sample size; when the
  logarithms fail a Shapiro-Wilk test of normality, a lognormal fitted to the tail above
  the median. A fitted bound varies far less from sample to sample than the order
  statistic of a sample's tail, which wanders by ±15-20 % for a wide cause.
- At creation, from a coarser group (area, record type: several causes in units of their
  targets, no one shape) or with too few resolved cases to test a shape: the smallest time
  by which a share `level` of cases is resolved, with the finite-sample rank of
  split-conformal prediction (the ⌈(n+1)·level⌉-th of n). With nothing censored it is
  exactly that order statistic, which covers a new case of the same distribution with
  probability at least `level` (Vovk et al., 2005).
- For an overdue case: the same, conditioned on having already taken `elapsed` (only the
  cases slower than that count). With too few of them, a lognormal fitted by maximum
  likelihood to the whole group (censoring included) gives the conditional quantile.

numpy sorts and counts; scipy's `norm`, `t`, `shapiro` and `minimize` fit and test the
lognormal. Both were already
pinned (the triage classifier) and are the reference implementations of these formulas.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

# Where an estimate came from (the values of cases.models.EtaMethod).
TARGET = "target"
LEARNED = "learned"
AREA = "area"
RECORD_TYPE = "rtype"
FITTED = "fitted"

# Resolution times below a minute are measurement noise for the lognormal's logarithm.
MIN_SECONDS = 60
LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)

# A first estimate learns from a lognormal fitted to its cause (lognormal_bound) when it has
# this many resolved cases (below it a test of the shape has little power), else from the
# conformal rank (km_quantile).
MIN_FIT_EVENTS = 20
# The p-value under which the resolved times are taken not to be lognormal (Shapiro-Wilk on
# their logarithms): then only the tail is fitted.
NORMALITY_ALPHA = 0.05
# A 90 % estimate from a fitted shape is computed at 91 %: the bound is exact only for the
# exact shape, and a year of cases measures coverage to about a point either side.
MODEL_MARGIN = 0.01
MAX_FITTED_LEVEL = 0.995  # A level of 1 would be an infinite time.


@dataclass(frozen=True)
class History:
    """Business seconds of a group's recent cases: resolved ones, and open ones so far."""

    events: Sequence[float]
    censored: Sequence[float] = ()

    @property
    def size(self) -> int:
        return len(self.events) + len(self.censored)


@dataclass(frozen=True)
class Choice:
    seconds: int  # The whole estimate from creation, in active business seconds.
    method: str  # TARGET, LEARNED, AREA, RECORD_TYPE or FITTED.


def conformal_level(n: int, level: float) -> float:
    """The share of a sample of `n` a quantile must cover so a new case is covered with
    probability at least `level`: ⌈(n+1)·level⌉/n (above 1: no sample is big enough)."""
    return math.ceil((n + 1) * level - 1e-9) / n


def km_quantile(history: History, level: float, *, after: float = 0) -> float | None:
    """The smallest time t > `after` with P(T <= t | T > after) >= the conformal level,
    on the Kaplan-Meier estimate of the cases slower than `after`; None when that share is
    never reached (too few cases, or the slowest ones are still open)."""
    events = np.asarray(history.events, dtype=float)
    censored = np.asarray(history.censored, dtype=float)
    events, censored = events[events > after], censored[censored > after]
    n = len(events) + len(censored)
    if n == 0 or len(events) == 0:
        return None
    share = conformal_level(n, level)
    if share > 1:
        return None
    survival = 1.0
    times = np.unique(events)
    # At risk at t: every case (resolved or open) that had not finished before t.
    at_risk = n - np.searchsorted(np.sort(np.concatenate([events, censored])), times, "left")
    resolved_at = np.searchsorted(np.sort(events), times, "right") - np.searchsorted(
        np.sort(events), times, "left"
    )
    for t, risk, d in zip(times, at_risk, resolved_at, strict=True):
        survival *= 1 - d / risk
        if 1 - survival >= share - 1e-12:
            return float(t)
    return None


@dataclass(frozen=True)
class Lognormal:
    mu: float
    sigma: float

    def survival(self, seconds: float) -> float:
        return float(stats.norm.sf((math.log(max(seconds, MIN_SECONDS)) - self.mu) / self.sigma))

    def quantile_after(self, level: float, *, after: float = 0) -> float:
        """The time by which a share `level` of the cases slower than `after` finish."""
        level = min(level, MAX_FITTED_LEVEL)
        tail = (1 - level) * (self.survival(after) if after > 0 else 1.0)
        return math.exp(self.mu + self.sigma * stats.norm.isf(tail))


def lognormal_fit(
    history: History, *, tail_from: float = 0, floor: float = MIN_SECONDS
) -> Lognormal | None:
    """Maximum likelihood lognormal with right-censoring (open cases); None with fewer
    than 5 resolved cases or when the fit does not converge. Times under `floor` count as
    `floor` (a minute, for times in seconds; areas' and record types' times are in units
    of their causes' targets, and say so).

    With `tail_from`, only the shape above that time is fitted: the cases that took no
    longer count just as "at most `tail_from`" (left-censored), so a body that is not
    lognormal does not bend the fitted tail.
    """
    events = np.log(np.maximum(np.asarray(history.events, dtype=float), floor))
    censored = np.log(np.maximum(np.asarray(history.censored, dtype=float), floor))
    if len(events) < 5:
        return None
    start = np.array([events.mean(), math.log(max(events.std(), 0.05))])
    below = 0
    if tail_from > 0:
        cut = math.log(max(tail_from, floor))
        below = int((events <= cut).sum() + (censored <= cut).sum())
        events, censored = events[events > cut], censored[censored > cut]
        if len(events) < 5:
            return None

    def negative_log_likelihood(params):
        # norm.logpdf, logsf and logcdf written out on arrays: the same sums, without
        # scipy.stats' per-call checks (a fit evaluates this about a hundred times).
        mu, log_sigma = params
        sigma = math.exp(log_sigma)
        z = (events - mu) / sigma
        log_pdf = -0.5 * (z * z).sum() - len(events) * (log_sigma + LOG_SQRT_2PI)
        log_sf = special.log_ndtr((mu - censored) / sigma).sum()
        log_cdf = below * special.log_ndtr((cut - mu) / sigma) if below else 0.0
        return -(log_pdf + log_sf + log_cdf)

    result = optimize.minimize(negative_log_likelihood, start, method="Nelder-Mead")
    if not result.success:
        return None
    mu, log_sigma = result.x
    return Lognormal(mu=float(mu), sigma=max(float(math.exp(log_sigma)), 0.05))


def lognormal_bound(history: History, level: float) -> float | None:
    """A time a new case of the group finishes by with probability `level`, from a lognormal
    fitted to the group; None with fewer than MIN_FIT_EVENTS resolved cases.

    It is Student's prediction bound exp(m + t(n-1)·s·√(1 + 1/n)), exact (not just in
    expectation over large samples) for lognormal times, and it moves far less from one
    sample to the next than an order statistic of the tail. When the logarithms of the
    resolved times fail the Shapiro-Wilk test of normality, only the tail above their median
    is fitted (a heavy tail under a lognormal body). A fitted shape is never the exact one,
    so the bound is asked for MODEL_MARGIN more than `level`.
    """
    events = np.asarray(history.events, dtype=float)
    if len(events) < MIN_FIT_EVENTS:
        return None
    logs = np.log(np.maximum(events, MIN_SECONDS))
    if np.ptp(logs) > 0 and stats.shapiro(logs).pvalue >= NORMALITY_ALPHA:
        fit = lognormal_fit(history)
    else:
        fit = lognormal_fit(history, tail_from=float(np.median(events)))
    if fit is None:
        return None
    n = history.size
    t = stats.t.ppf(min(level + MODEL_MARGIN, MAX_FITTED_LEVEL), n - 1)
    # s is the unbiased √(n/(n-1)) times the maximum likelihood sigma.
    return math.exp(fit.mu + t * fit.sigma * math.sqrt((n + 1) / (n - 1)))


def first_estimate(
    *,
    cause: History,
    area: History,
    record_type: History,
    target_seconds: int,
    level: float,
    min_samples: int,
) -> Choice:
    """The estimate a new case is shown: from its cause's history when it has `min_samples`
    resolved cases (the bound of a lognormal fitted to it, else the conformal rank), else
    from its area's, else its record type's (those two in units of each
    case's own cause target, so they say "this area takes 1.4 targets" and scale to this
    cause), else the cause's target."""
    if len(cause.events) < min_samples:
        # Not learned yet, but its own cases so far (open ones at their age, a lower bound
        # of their time) still forbid promising less than they already took.
        chosen = _fallback_estimate(area, record_type, target_seconds, level, min_samples)
        floor = _lower_bound_quantile(cause, level)
        if floor > chosen.seconds:
            return Choice(seconds=math.ceil(floor), method=chosen.method)
        return chosen
    value = lognormal_bound(cause, level)
    if value is None:
        value = _quantile(cause, level)
    if value is not None:
        return Choice(seconds=max(1, round(value)), method=LEARNED)
    return _fallback_estimate(area, record_type, target_seconds, level, min_samples)


def _quantile(history: History, level: float, *, floor: float = MIN_SECONDS) -> float | None:
    value = km_quantile(history, level)
    if value is None:
        fit = lognormal_fit(history, floor=floor)
        value = None if fit is None else fit.quantile_after(conformal_level(history.size, level))
    return value


def _lower_bound_quantile(history: History, level: float) -> float:
    """The conformal-rank order statistic of the times seen so far, open cases at their age:
    below the true quantile (their times can only grow); 0 with fewer than 9 cases."""
    seen = sorted([*history.events, *history.censored])
    rank = math.ceil((len(seen) + 1) * level - 1e-9)
    return seen[rank - 1] if 0 < rank <= len(seen) else 0


def _fallback_estimate(
    area: History, record_type: History, target_seconds: int, level: float, min_samples: int
) -> Choice:
    for history, scale, method in (
        (area, target_seconds, AREA),
        (record_type, target_seconds, RECORD_TYPE),
    ):
        if len(history.events) >= min_samples:
            # In units of the target: a minute is 60 / target_seconds of them.
            value = _quantile(history, level, floor=MIN_SECONDS / target_seconds)
            if value is not None:
                return Choice(seconds=max(1, round(value * scale)), method=method)
    return Choice(seconds=target_seconds, method=TARGET)


def overdue_estimate(
    *, cause: History, elapsed: int, level: float, min_slower: int, target_seconds: int
) -> Choice:
    """A new whole estimate for a case that outlived its estimate after `elapsed` seconds.

    The cases of its cause slower than `elapsed` say how much longer such cases take: their
    conditional quantile when at least `min_slower` of them finished, else the conditional
    quantile of a lognormal fitted to the cause, else (no history to speak of) as long again
    as it has taken, and at least the target more: a late case is not promised "tomorrow"
    on no evidence.
    """
    slower = [t for t in cause.events if t > elapsed]
    value = km_quantile(cause, level, after=elapsed) if len(slower) >= min_slower else None
    method = LEARNED
    if value is None:
        fit = lognormal_fit(cause)
        if fit is not None:
            slower_count = len(slower) + sum(1 for t in cause.censored if t > elapsed)
            value = fit.quantile_after(conformal_level(max(slower_count, 19), level), after=elapsed)
            method = FITTED
    if value is None or value <= elapsed:
        value, method = elapsed + max(elapsed, target_seconds), TARGET
    elif method == FITTED:
        # Few cases were ever this slow, so the fitted tail is a guess: never less than as
        # long again as it has taken (a case late after a week is not promised tomorrow).
        value = max(value, 2 * elapsed)
    return Choice(seconds=math.ceil(value), method=method)
