"""`manage.py seed_demo`: the whole demo. It lives in the app at the top of the arrows
(customers → cases → notifications → accounts), the only one that may call every app's
demo; each app keeps its own part (accounts/demo.py, cases/demo.py, customers/demo.py)."""

import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.demo import DEMO_LOGINS, seed_demo_accounts
from cases.demo import seed_demo_cases
from cases.taxonomy.defaults import load_default_taxonomy
from customers.demo import DEMO_TOKEN, seed_demo_requests


def demo_curl(seller_code: str) -> str:
    """A ready command that pushes a new buyer question with the demo token."""
    url = f"{settings.SITE_URL}{reverse('customers_api:requests')}"
    n = int(time.time())
    body = json.dumps(
        {
            "id": f"ML-Q-{n}",
            "seller_code": seller_code,
            "kind": "question",
            "product": {"sku": "SKU-CAF-12", "title": "Cafetera Andina 12 tazas"},
            "buyer": {"name": "Daniela Torres", "relay_email": "daniela.t@relay.example"},
            "message": {"id": f"ML-M-{n}", "body": "Hola, ¿hacen envíos a regiones?"},
        },
        ensure_ascii=False,
    )
    return (
        f"curl -sS -X POST {url} -H 'Authorization: Bearer {DEMO_TOKEN}' "
        f"-H 'Content-Type: application/json' -d '{body}'"
    )


class Command(BaseCommand):
    help = (
        "Create or refresh the demo sellers, users, cases and customer requests "
        "(idempotent). Never in production."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is disabled in these settings (production).")
        load_default_taxonomy()
        users = seed_demo_accounts()
        created = seed_demo_cases(users)
        requests = seed_demo_requests(users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} new demo cases, {requests} new customer requests). "
                "Logins:"
            )
        )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.email:<20} {login.password:<18} {login.role}")
        self.stdout.write(
            "\nA buyer's question through the marketplace API (Atención al cliente), then "
            f"answer it as {users['seller'].email}:\n  {demo_curl(users['seller'].seller.code)}"
        )
