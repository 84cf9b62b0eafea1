"""`manage.py generate_dataset`: a large, realistic dataset for benchmarks (bench/dataset)."""

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from accounts.models import User
from bench.dataset import BIG_SELLER_LOGIN, generate


class Command(BaseCommand):
    help = (
        "Generate sellers, users and cases with their history, messages, tasks, file "
        "metadata and ratings, with PostgreSQL COPY. Adds to what the database holds. "
        "Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--sellers", type=int, default=5_000)
        parser.add_argument("--years", type=int, default=2, help="Cases created over this span.")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument(
            "--skew",
            type=float,
            default=1.0,
            help="Zipf exponent of cases per seller (1: the largest seller has ~11%%).",
        )
        parser.add_argument(
            "--database-url",
            help="Load into this database instead of DATABASE_URL's (postgres://...).",
        )
        parser.add_argument(
            "--rebuild-indexes",
            action="store_true",
            default=None,
            help="Drop the secondary indexes and foreign keys during the load and build "
            "them after (the default from 50,000 cases).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even where DEMO_DATA_ALLOWED is off (production settings).",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED and not options["force"]:
            raise CommandError(
                "These settings do not allow generated data (DEMO_DATA_ALLOWED is off); "
                "use --force only on a database you mean to fill."
            )
        if options["database_url"]:
            self._use_database(options["database_url"])
        connection = connections["default"]
        if connection.vendor != "postgresql":
            raise CommandError("The dataset is loaded with PostgreSQL COPY: use PostgreSQL.")
        if options["cases"] < 1 or options["sellers"] < 1 or options["sellers"] > options["cases"]:
            raise CommandError("Give at least one case per seller.")
        if User.objects.filter(email=BIG_SELLER_LOGIN).exists():
            raise CommandError(
                f"{BIG_SELLER_LOGIN} exists: this database already holds a generated dataset."
            )
        self.stdout.write(
            f"Generating {options['cases']:,} cases for {options['sellers']:,} sellers "
            f"into {connection.settings_dict['NAME']}…"
        )
        summary = generate(
            cases=options["cases"],
            sellers=options["sellers"],
            years=options["years"],
            seed=options["seed"],
            skew=options["skew"],
            rebuild_indexes=options["rebuild_indexes"],
            write=self.stdout.write,
        )
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.seconds:.0f} s."))
        for table, count in summary.rows.items():
            self.stdout.write(f"  {table:<20} {count:>12,} rows")
        code, count = summary.big_seller
        self.stdout.write(f"Largest seller: {code} with {count:,} cases")
        code, count = summary.small_seller
        self.stdout.write(f"Smallest seller: {code} with {count:,} cases")
        if summary.long_case:
            self.stdout.write(f"Long case (hundreds of messages): {summary.long_case}")
        self.stdout.write("Logins:")
        for email, password, who in summary.logins:
            self.stdout.write(f"  {email:<24} {password:<18} {who}")

    @staticmethod
    def _use_database(url: str) -> None:
        # Before the first query: the default connection opens on these settings.
        connection = connections["default"]
        connection.close()
        connection.settings_dict.update(environ.Env.db_url_config(url))
