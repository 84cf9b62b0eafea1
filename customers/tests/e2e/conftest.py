"""The browser journeys of Atención al cliente reuse the support center's fixtures
(cases/tests/e2e/conftest.py): Debian's Chromium, a context per person, screenshots,
and a failed journey's last screen."""

from cases.tests.e2e.conftest import (  # noqa: F401
    browser,
    new_page,
    page,
    pytest_runtest_makereport,
    shot,
    shots_folder,
)
