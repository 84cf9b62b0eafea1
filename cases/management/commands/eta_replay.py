"""Replay a synthetic year of cases through the real services with a mocked clock and print
how well the estimated resolution times kept their word (cases/replay)."""

from datetime import date

from django.core.management.base import BaseCommand

from ...replay.offline import first_outcomes
from ...replay.report import figures, table
from ...replay.runner import replay

# About 23 cases a business day: still a small marketplace, but each cause gets 700-1,500
# cases a year. At 1,200 (150-290 a cause) some cause's own 90th percentile is more than
# 15 % above the true one in a quarter of the years, so a replay measures the year's draw
# as much as the estimator; at 6,000, in one year in twenty.
DEFAULT_CASES = 6000


class Command(BaseCommand):
    help = (
        "Replay synthetic years of cases (filed, taken, paused, resolved through the services, "
        "clock mocked, all rolled back) and print the figures of the estimates against the goal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2], help="one run each")
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help="cases per run (6,000 by default: fewer, and a year's own cases wander too far "
            "from their distribution to measure a 15 %% sharpness line; docs/benchmarks.md)",
        )
        parser.add_argument("--days", type=int, default=365, help="days over which they are filed")
        parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 1, 6))
        parser.add_argument(
            "--first-only",
            action="store_true",
            help="only the estimate first shown, computed from the plan without the database "
            "(the replay's exactly, ~2 s a year; no new dates for late cases)",
        )

    def handle(self, *args, seeds, cases, days, start, first_only, **options):
        runs = []
        for seed in seeds:
            self.stderr.write(f"Run with seed {seed}: {cases} cases over {days} days…")
            if first_only:
                outcomes = first_outcomes(seed=seed, cases=cases, start=start, days=days)
            else:
                outcomes = replay(
                    seed=seed, cases=cases, start=start, days=days, progress=self.stderr.write
                )
            runs.append((f"seed {seed}", figures(outcomes)))
        self.stdout.write(table(runs))
        if first_only:
            self.stdout.write(
                "\nThe estimate first shown only: late cases' new dates need the full replay."
            )
        met = sum(f.goal_met for _name, f in runs)
        if met < len(runs):
            self.stderr.write(f"The goal is met on {met} of {len(runs)} runs: see the table.")
