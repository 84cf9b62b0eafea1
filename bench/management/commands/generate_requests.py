"""`manage.py generate_requests`: customer requests for the benchmark dataset, for the
sellers `manage.py generate_dataset` made (bench/dataset/requests.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.dataset.requests import BENCH_INTEGRATION, generate
from customers.models import Integration


class Command(BaseCommand):
    help = "Generate customer requests with their messages (PostgreSQL COPY). Never in production."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=1_000_000)
        parser.add_argument("--years", type=int, default=2)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--skew", type=float, default=1.0)
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED and not options["force"]:
            raise CommandError("These settings do not allow generated data (DEMO_DATA_ALLOWED).")
        if connection.vendor != "postgresql":
            raise CommandError("The dataset is loaded with PostgreSQL COPY: use PostgreSQL.")
        if Integration.objects.filter(name=BENCH_INTEGRATION).exists():
            raise CommandError("This database already holds generated customer requests.")
        if options["requests"] < 1:
            raise CommandError("Give at least one request.")
        try:
            summary = generate(
                requests=options["requests"],
                years=options["years"],
                seed=options["seed"],
                skew=options["skew"],
                write=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.seconds:.0f} s."))
        for table, count in summary.rows.items():
            self.stdout.write(f"  {table:<28} {count:>12,} rows")
        code, count = summary.big_seller
        self.stdout.write(f"Largest seller: {code} with {count:,} customer requests")
