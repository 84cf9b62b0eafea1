"""Fixtures shared by every app's tests: the people who use the portal."""

import pytest

from accounts.tests.factories import (
    PASSWORD,
    AgentFactory,
    SellerFactory,
    SuperuserFactory,
    UserFactory,
)


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def seller(db):
    return SellerFactory(trade_name="Tienda Uno", legal_name="Tienda Uno SpA")


@pytest.fixture
def seller_user(seller):
    """A user of seller A."""
    return UserFactory(seller=seller, email="ana@tiendauno.cl", full_name="Ana Pérez")


@pytest.fixture
def seller_colleague(seller):
    """Another user of the same seller A."""
    return UserFactory(seller=seller, email="bruno@tiendauno.cl", full_name="Bruno Díaz")


@pytest.fixture
def other_seller(db):
    return SellerFactory(trade_name="Tienda Dos", legal_name="Tienda Dos Ltda")


@pytest.fixture
def other_seller_user(other_seller):
    """A user of seller B, who must never see seller A's data."""
    return UserFactory(seller=other_seller, email="carla@tiendados.cl", full_name="Carla Vera")


@pytest.fixture
def agent(db):
    return AgentFactory(email="agente@soporte.cl", full_name="Agente Uno")


@pytest.fixture
def superuser(db):
    return SuperuserFactory(email="root@soporte.cl", full_name="Admin Root")


@pytest.fixture
def seller_client(client, seller_user):
    client.force_login(seller_user)
    return client


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files of each test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
