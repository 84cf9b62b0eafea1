"""Fixtures shared by every app's tests: the people who use the portal, and the clock."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache

from accounts.tests.factories import (
    PASSWORD,
    AgentFactory,
    SellerFactory,
    SuperuserFactory,
    UserFactory,
)
from notifications.tests.imap_server import start_dovecot, stop_dovecot

# The browser journeys' fixtures (Chromium, pages, screenshots), for every app's journeys,
# and a real S3 API (moto's server) for the files in object storage.
pytest_plugins = ["supportcenter.tests.e2e_fixtures", "supportcenter.tests.object_storage"]


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


@pytest.fixture
def mail_server(settings):
    """A real SMTP server (aiosmtpd) that Django sends to; tell it how to answer."""
    from notifications.tests.smtp_server import running_mail_server, use_mail_server

    with running_mail_server() as server:
        use_mail_server(settings, server)
        yield server


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: nothing computed by another test is read."""
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files of each test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the clock ------------------------------------------------------------------------
# Instants at which the date-sensitive tests (marked `clock_sensitive`) all run, so that a
# rule that only breaks on some days fails here, not in CI on that day. In UTC; the
# comment gives the time in Santiago.
FROZEN_INSTANTS = {
    "weekday-morning": datetime(2026, 11, 25, 13, 30, tzinfo=UTC),  # Wed 10:30
    "friday-evening": datetime(2026, 11, 27, 22, 45, tzinfo=UTC),  # Fri 19:45
    "sunday": datetime(2026, 11, 29, 15, 0, tzinfo=UTC),  # Sun 12:00
    "national-holiday": datetime(2026, 9, 18, 14, 0, tzinfo=UTC),  # Fiestas Patrias 11:00
    # Chile's DST starts at 00:00 on 2026-09-06 (to 01:00) and ends at 00:00 on
    # 2026-04-05 (back to 23:00 on the 4th): the first instant after each change.
    "dst-start-chile": datetime(2026, 9, 6, 4, 0, tzinfo=UTC),  # Sun 01:00 -03
    "dst-end-chile": datetime(2026, 4, 5, 3, 30, tzinfo=UTC),  # Sat 23:30 -04, again
}


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        choices=sorted(FROZEN_INSTANTS),
        help="run EVERY test with the clock frozen (ticking) at this instant: finds tests "
        "that depend on today's date without pinning it",
    )


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "clock_sensitive: the outcome depends on the date; runs at each of FROZEN_INSTANTS",
    )


# --- two test processes (make test: pytest-xdist) ------------------------------------
# Each process has its own test database, cache and media folder. What they cannot each
# have is one Redis (the broker's and caches' numbered databases), Dovecot, a Celery worker
# reading the broker, a browser and the subprocesses tests start against those: every test
# module that uses one (its markers e2e, celery_integration or slow, the fixtures
# mail_server, imap_server or live_server, or a server of its own) runs in the same
# process, one after the other. By path: xdist's own groups (--dist loadgroup) are not
# read with pytest 9.2 (it renames the attribute xdist 3.8 writes them to).
SHARED_SERVER_MODULES = {
    "cases/tests/test_celery_integration.py",
    "cases/tests/test_emails.py",
    "cases/tests/test_faults.py",
    "cases/tests/test_faults_delivery.py",
    "cases/tests/test_object_storage.py",
    "cases/tests/test_replies_imap.py",
    "customers/tests/test_alerts.py",
    "customers/tests/test_api.py",
    "customers/tests/test_object_storage.py",
    "customers/tests/test_webhooks.py",
    "notifications/tests/test_admin.py",
    "notifications/tests/test_inbound_imap.py",
    "notifications/tests/test_outbox.py",
    "notifications/tests/test_smtp.py",
    "supportcenter/tests/test_cache.py",
    "supportcenter/tests/test_database.py",
    "supportcenter/tests/test_entry_points.py",
    "supportcenter/tests/test_i18n.py",
    "supportcenter/tests/test_repository.py",
    "supportcenter/tests/test_settings.py",
    "supportcenter/tests/test_two_nodes.py",
}
SHARED_SERVER_FOLDERS = ("supportcenter/tests/ops/", "cases/tests/e2e/", "customers/tests/e2e/")


def uses_a_shared_server(nodeid: str) -> bool:
    path = nodeid.split("::", 1)[0]
    return path in SHARED_SERVER_MODULES or path.startswith(SHARED_SERVER_FOLDERS)


SHARED_SERVER_MARKERS = ("e2e", "celery_integration", "slow")
SHARED_SERVER_FIXTURES = {"mail_server", "dovecot_server", "imap_server", "live_server"}


def pytest_collection_modifyitems(config, items):
    """The list above is kept by hand: a test that says it uses a shared server (by its
    markers or fixtures) and is not in it would run beside the others, so say so."""
    unlisted = sorted(
        item.nodeid
        for item in items
        if not uses_a_shared_server(item.nodeid)
        and (
            any(item.get_closest_marker(name) for name in SHARED_SERVER_MARKERS)
            or SHARED_SERVER_FIXTURES & set(item.fixturenames)
        )
    )
    if unlisted:
        raise pytest.UsageError(
            "These tests use a shared server: add their modules to SHARED_SERVER_MODULES "
            "in conftest.py:\n" + "\n".join(unlisted)
        )


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedServersTogether(LoadScopeScheduling):
        """Every test that uses a shared server in one scope (one process, in turn); every
        other test a scope of its own (spread as they come)."""

        def _split_scope(self, nodeid: str) -> str:
            return "shared-servers" if uses_a_shared_server(nodeid) else nodeid

    return SharedServersTogether(config, log)


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("clock_sensitive"):
        metafunc.parametrize(
            "frozen_clock", list(FROZEN_INSTANTS.values()), ids=list(FROZEN_INSTANTS), indirect=True
        )


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """The wall clock of this test: one of FROZEN_INSTANTS for `clock_sensitive` tests (or
    every test with --clock), ticking from there; the real clock otherwise. A test that
    travels itself (time_machine.travel) overrides it."""
    instant = getattr(request, "param", None)
    if instant is None and request.config.getoption("--clock"):
        instant = FROZEN_INSTANTS[request.config.getoption("--clock")]
    if instant is None:
        yield None
        return
    with time_machine.travel(instant, tick=True):
        yield instant


@pytest.fixture(scope="session")
def dovecot_server():
    """A real IMAP server (Dovecot) for the whole run, started on first use."""
    try:
        server = start_dovecot()
    except FileNotFoundError as missing:
        pytest.fail(str(missing))
    yield server
    stop_dovecot(server)


@pytest.fixture
def imap_server(dovecot_server, settings):
    """The IMAP server with an empty mailbox, polled by INBOUND_EMAIL_URL."""
    dovecot_server.empty()
    settings.INBOUND_EMAIL_URL = dovecot_server.url
    return dovecot_server
