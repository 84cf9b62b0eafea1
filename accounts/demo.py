"""Demo sellers and users for local runs (`manage.py seed_demo`). Never in production."""

from dataclasses import dataclass

from django.db import transaction

from .models import Country, Seller, User
from .roles import support_group

SELLER_PASSWORD = "demo-seller-2026"
AGENT_PASSWORD = "demo-agent-2026"
ADMIN_PASSWORD = "demo-admin-2026"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str


DEMO_LOGINS = [
    DemoLogin("seller@demo.cl", SELLER_PASSWORD, "Tienda Demo SpA"),
    DemoLogin("seller.b@demo.cl", SELLER_PASSWORD, "Tienda Demo SpA (2.º usuario)"),
    DemoLogin("seller2@demo.cl", SELLER_PASSWORD, "Otra Tienda Ltda"),
    DemoLogin("agente@demo.cl", AGENT_PASSWORD, "Agente de soporte (admin)"),
    DemoLogin("admin@demo.cl", ADMIN_PASSWORD, "Superusuario (admin)"),
]


def _user(email: str, password: str, **fields) -> User:
    user, _ = User.objects.update_or_create(email=email, defaults=fields)
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_demo_accounts() -> dict[str, User]:
    """Create or refresh the demo sellers and users; running it twice changes nothing."""
    tienda, _ = Seller.objects.update_or_create(
        code="DEMO-0001",
        defaults={
            "legal_name": "Tienda Demo SpA",
            "trade_name": "Tienda Demo",
            "tax_id": "76.123.456-7",
            "country": Country.CHILE,
            "notification_email": "notificaciones@demo.cl",
        },
    )
    otra, _ = Seller.objects.update_or_create(
        code="DEMO-0002",
        defaults={
            "legal_name": "Otra Tienda Ltda",
            "trade_name": "Otra Tienda",
            "tax_id": "77.654.321-0",
            "country": Country.CHILE,
            "notification_email": "avisos@otratienda.cl",
        },
    )
    users = {
        "seller": _user("seller@demo.cl", SELLER_PASSWORD, full_name="Camila Rojas", seller=tienda),
        "seller_b": _user(
            "seller.b@demo.cl", SELLER_PASSWORD, full_name="Benjamín Soto", seller=tienda
        ),
        "seller2": _user(
            "seller2@demo.cl", SELLER_PASSWORD, full_name="Valentina Muñoz", seller=otra
        ),
        "agent": _user("agente@demo.cl", AGENT_PASSWORD, full_name="Agente Soporte", is_staff=True),
        "admin": _user(
            "admin@demo.cl",
            ADMIN_PASSWORD,
            full_name="Administrador",
            is_staff=True,
            is_superuser=True,
        ),
    }
    users["agent"].groups.add(support_group())
    return users
