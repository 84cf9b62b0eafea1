"""A real Celery worker consuming from the tests' Redis, as the cases tests use it."""

from cases.tests.test_celery_integration import live_worker  # noqa: F401 (a fixture)
