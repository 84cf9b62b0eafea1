"""Production: DEBUG off, a real secret key required, secure cookies and headers.

Run with DJANGO_SETTINGS_MODULE=supportcenter.settings.production (see README.md).
"""

import logging

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import DATABASES, env

# Cache backends that keep their data in one process or on one machine's disk.
PER_NODE_CACHES = {"LocMemCache", "FileBasedCache", "DummyCache"}

DEBUG = False
DEMO_DATA_ALLOWED = False

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a long random value in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

# The inbound email webhook's secret: empty (webhook off) or long and random, never the
# demo's default.
INBOUND_EMAIL_SECRET = env("INBOUND_EMAIL_SECRET", default="")
if INBOUND_EMAIL_SECRET and (len(INBOUND_EMAIL_SECRET) < 32 or len(set(INBOUND_EMAIL_SECRET)) < 10):
    raise ImproperlyConfigured(
        "INBOUND_EMAIL_SECRET must be a long random value (32+ characters), or empty to "
        "turn the inbound email webhook off "
        "(python -c 'import secrets; print(secrets.token_urlsafe(32))')."
    )

# Each worker keeps its database connection between requests: opening one per request
# costs both the worker and PostgreSQL a few ms (a new backend process each time). A
# `?conn_max_age=` in DATABASE_URL wins; 0 suits a pooler such as PgBouncer in
# transaction mode. https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends the client's
# address to X-Forwarded-For (the login throttle counts per client address).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# No JavaScript here reads the CSRF cookie (forms carry the token), so scripts need not see it.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Shared by every web node (the API's rate limits live here): Redis with CACHE_URL, or by
# default a table of the database (`manage.py createcachetable` once, see README).
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://supportcenter_cache")}
# A cache of one process or one machine would let each web node count its own rate limits.
if CACHES["default"]["BACKEND"].rsplit(".", 1)[-1] in PER_NODE_CACHES:
    raise ImproperlyConfigured(
        "CACHE_URL must point at a cache every web node shares: redis://host:6379/1, or "
        "dbcache://supportcenter_cache (after `manage.py createcachetable`)."
    )
# Webhook addresses are https (customers: the answers sent to the marketplace).
CUSTOMERS_WEBHOOK_ALLOW_HTTP = False

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Operations: health checks, metrics, logs (supportcenter/ops/) ------------------------
# The load balancer and Prometheus call these over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^salud/", r"^metricas/$"]
METRICS_TOKEN = env("METRICS_TOKEN", default="")
if METRICS_TOKEN and (len(METRICS_TOKEN) < 32 or len(set(METRICS_TOKEN)) < 10):
    raise ImproperlyConfigured(
        "METRICS_TOKEN must be a long random value (32+ characters), or empty to turn the "
        "metrics off (python -c 'import secrets; print(secrets.token_urlsafe(32))')."
    )
# One JSON object per line, for the log pipeline; DJANGO_LOG_FORMAT=plain to read by eye.
LOGGING["handlers"]["console"]["formatter"] = env("DJANGO_LOG_FORMAT", default="json")
# Python's warnings become log records (logger "py.warnings"), not raw text on stderr.
logging.captureWarnings(True)
