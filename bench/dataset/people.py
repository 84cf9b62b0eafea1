"""The generated sellers (a few huge, most small), their users and the support agents."""

import math
import random
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import make_password

from accounts.models import Country, Seller, User
from accounts.roles import support_group

from . import text

SELLER_PASSWORD = "bench-seller-2026"
AGENT_PASSWORD = "bench-agent-2026"
# A user of the largest seller, of the smallest one, and an agent: what the bench logs in as.
BIG_SELLER_LOGIN = "bench@seller.cl"
SMALL_SELLER_LOGIN = "bench.small@seller.cl"
AGENT_LOGIN = "bench.agent@soporte.cl"
COUNTRIES = [(Country.CHILE, 55), (Country.PERU, 15), (Country.COLOMBIA, 15), (Country.MEXICO, 15)]


def cases_per_seller(total: int, sellers: int, skew: float) -> list[int]:
    """Zipf's law: the seller of rank r files in proportion to 1 / r**skew (largest first).

    With skew 1, 5,000 sellers and 1,000,000 cases, the largest has about 110,000 cases,
    ten have 10,000 or more, and the smallest about 20. Exact total, by largest remainder.
    """
    weights = [1 / rank**skew for rank in range(1, sellers + 1)]
    scale = total / sum(weights)
    shares = [w * scale for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(sellers), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


@dataclass
class People:
    seller_ids: list[int]  # by rank, largest first
    codes: list[str]
    users: list[list[int]]  # each seller's user ids, its bench login first when it has one
    agents: list[tuple[int, str]]  # (id, full name)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(text.PEOPLE_FIRST)} {rng.choice(text.PEOPLE_LAST)}"


def create_people(*, counts: list[int], prefix: str, rng: random.Random, since: datetime):
    """Sellers by rank (`counts` cases each), 1 to 6 users each, and the agents."""
    countries = [c for c, _w in COUNTRIES]
    weights = [w for _c, w in COUNTRIES]
    sellers = [
        Seller(
            code=f"{prefix}{rank:05d}",
            legal_name=f"{name} SpA",
            trade_name=name,
            tax_id=f"7{rng.randrange(6_000_000, 9_999_999)}-{rng.randrange(10)}",
            country=rng.choices(countries, weights)[0],
            notification_email=f"soporte.{prefix.lower()}{rank:05d}@sellers.example",
            created_at=since,
        )
        for rank, name in enumerate(
            (
                f"{rng.choice(text.NAME_FIRST)} {rng.choice(text.NAME_SECOND)}"
                for _ in range(len(counts))
            ),
            start=1,
        )
    ]
    Seller.objects.bulk_create(sellers, batch_size=2000)

    seller_hash, agent_hash = make_password(SELLER_PASSWORD), make_password(AGENT_PASSWORD)
    users: list[User] = []
    owners: list[int] = []
    last = len(sellers) - 1
    for index, (seller, count) in enumerate(zip(sellers, counts, strict=True)):
        for k in range(1 + min(5, int(math.log10(count + 1)))):
            email = f"u{k}.{seller.code.lower()}@sellers.example"
            if k == 0 and index == 0:
                email = BIG_SELLER_LOGIN
            elif k == 0 and index == last:
                email = SMALL_SELLER_LOGIN
            users.append(
                User(email=email, full_name=_person(rng), seller=seller, password=seller_hash)
            )
            owners.append(index)
    User.objects.bulk_create(users, batch_size=2000)
    by_seller: list[list[int]] = [[] for _ in sellers]
    for owner, user in zip(owners, users, strict=True):
        by_seller[owner].append(user.pk)

    agents = [
        User(
            email=AGENT_LOGIN if n == 0 else f"agente{n:02d}.{prefix.lower()}@soporte.example",
            full_name=_person(rng),
            is_staff=True,
            password=agent_hash,
        )
        for n in range(max(3, min(60, len(sellers) // 100)))
    ]
    User.objects.bulk_create(agents)
    support_group().user_set.add(*agents)
    return People(
        seller_ids=[s.pk for s in sellers],
        codes=[s.code for s in sellers],
        users=by_seller,
        agents=[(a.pk, a.full_name) for a in agents],
    )
