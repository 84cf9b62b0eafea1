"""Test settings: the suite runs against PostgreSQL, like production."""

from supportcenter.database import with_timeouts

from .base import *
from .base import DB_LOCK_TIMEOUT, DB_STATEMENT_TIMEOUT, env

DATABASES = {
    "default": with_timeouts(
        env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/supportcenter"),
        statement_timeout=DB_STATEMENT_TIMEOUT,
        lock_timeout=DB_LOCK_TIMEOUT,
    ),
}
# The benchmark dataset generator is tested too (never installed in production).
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
# Fast hashing: tests log users in constantly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SITE_URL = "https://soporte.example.com"
# Unit tests run tasks in-process; the Celery integration tests start a real worker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
LOGGING["root"]["level"] = "WARNING"
DEBUG = False
# Cases stay unassigned unless a test turns automatic assignment on (settings fixture).
CASES_AUTO_ASSIGN = False
# Serve static files straight from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# --- Operations (supportcenter/ops/) ---------------------------------------------------
# Queries counted as in base (DATABASES is redefined above).
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)
# Made up: the tests scrape /metricas/ with it.
METRICS_TOKEN = "test-metrics-token-0123456789abcdefghij"
# The checks that time out do so quickly.
HEALTH_CHECK_TIMEOUT_SECONDS = 1.0
# The tests' marketplace receiver listens on plain http://127.0.0.1.
CUSTOMERS_WEBHOOK_ALLOW_HTTP = True
