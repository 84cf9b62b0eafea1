from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_LOGINS, seed_demo_accounts
from cases.demo import seed_demo_cases
from cases.taxonomy_data import load_default_taxonomy


class Command(BaseCommand):
    help = "Create or refresh the demo sellers, users and cases (idempotent). Never in production."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is disabled in these settings (production).")
        load_default_taxonomy()
        users = seed_demo_accounts()
        created = seed_demo_cases(users)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready ({created} new demo cases). Logins:")
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:<20} {login.password:<18} {login.role}")
