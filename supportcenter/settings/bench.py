"""`make bench`: the production settings, served over plain HTTP on loopback.

The bench runner (bench/run.py) sets a throwaway DJANGO_SECRET_KEY, DATABASE_URL and a
CELERY_BROKER_URL no worker reads (tasks queue up and are purged after the run, as a
worker elsewhere would take them). Each response carries its server time and SQL count.
"""

from .production import *

# No TLS on loopback: no redirect, no secure-only cookies, no HSTS.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Locust connects straight to gunicorn, no proxy in between.
TRUSTED_PROXY_COUNT = 0
# The dataset generator (the bench app, installed here and in the tests only) runs
# against this database.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
DEMO_DATA_ALLOWED = True
# First, so it times the whole middleware stack too.
MIDDLEWARE = ["bench.middleware.ServerTimingMiddleware", *MIDDLEWARE]
LOGGING["root"]["level"] = "WARNING"
# The bench fetches pages, not their CSS, and runs without `npm ci`: with Bootstrap absent
# a manifest would fail every page, so static URLs are left unhashed here.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
