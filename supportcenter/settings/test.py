"""Test settings: the suite runs against PostgreSQL, like production."""

from .base import *
from .base import env

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/supportcenter"),
}
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
# Serve static files straight from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The tests' marketplace receiver listens on plain http://127.0.0.1.
CUSTOMERS_WEBHOOK_ALLOW_HTTP = True
