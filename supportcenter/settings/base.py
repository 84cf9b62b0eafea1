"""Settings shared by every environment, read from the environment (django-environ).

With nothing set, a local run works: SQLite file, Celery tasks run eagerly in-process,
emails printed to the console. `production.py` tightens this for real deployments.
"""

from pathlib import Path

import environ
from botocore.config import Config as S3Config
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from supportcenter.database import with_timeouts

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional and never committed.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-local-development-key-do-not-use-in-production",
)
DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Absolute base for links in emails (no request there to build them from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The demo data command refuses to run where this is off (production).
DEMO_DATA_ALLOWED = True

INSTALLED_APPS = [
    "supportcenter.apps.AdminConfig",  # django.contrib.admin, see supportcenter/apps.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "formtools",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "notifications",
    "cases",
    "customers",
]

MIDDLEWARE = [
    # First: the request id is on every log line the rest of the stack writes.
    "supportcenter.ops.request_id.RequestIdMiddleware",
    # django-prometheus: times the whole stack (its "After" half sits before axes).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Health checks and metrics, answered before host validation and sessions
    # (supportcenter/ops/endpoints.py says why).
    "supportcenter.ops.endpoints.MachineEndpointsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A seller's user reads every date and hour in the seller's time zone.
    "accounts.middleware.SellerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Counts responses by view and status. Around axes (listed before it), so a lockout
    # is counted as what it is: the login view's 429.
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes documents: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response, in every environment (so the tests and the
# browser journeys see what production sends): scripts and styles only from our own
# static files, never inline; Bootstrap's icons are data: images. django-csp leaves
# Django's debug error pages alone when DEBUG is on.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "supportcenter.urls"
WSGI_APPLICATION = "supportcenter.wsgi.application"
ASGI_APPLICATION = "supportcenter.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Every wait on PostgreSQL is bounded, per connection (supportcenter/database.py). Web
# requests: a request blocked by a lock gets the "busy" page in seconds, well before
# gunicorn's 30 s kill. Celery workers, beat and management commands switch to the
# longer background limits when they start.
DB_STATEMENT_TIMEOUT = env.float("DB_STATEMENT_TIMEOUT", default=10)
DB_LOCK_TIMEOUT = env.float("DB_LOCK_TIMEOUT", default=5)
DB_BACKGROUND_STATEMENT_TIMEOUT = env.float("DB_BACKGROUND_STATEMENT_TIMEOUT", default=1800)
DB_BACKGROUND_LOCK_TIMEOUT = env.float("DB_BACKGROUND_LOCK_TIMEOUT", default=60)
DATABASES["default"] = with_timeouts(
    DATABASES["default"], statement_timeout=DB_STATEMENT_TIMEOUT, lock_timeout=DB_LOCK_TIMEOUT
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the API's rate-limit counters (per integration token) and rendered
# fragments, so every web node must share it: Redis (CACHE_URL=redis://host:6379/1) or the
# database (dbcache://supportcenter_cache, after `manage.py createcachetable`). A local
# run needs nothing: one process, its own memory.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-cache-url
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same, with one Redis client per pool (supportcenter/cache.py).
    CACHES["default"]["BACKEND"] = "supportcenter.cache.RedisCache"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock an email+IP pair after 5 failures for 15 minutes.
# The email is normalised exactly as login matches it, and the IP is the client's as the
# trusted reverse proxies saw it (accounts/throttling.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttling.login_identity"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
# Reverse proxies in front of the app that append to X-Forwarded-For (0: clients connect
# directly, the header is ignored). production.py defaults to 1, the TLS proxy.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
# Sessions (and the CREAR CASO wizard in them) and the login throttle's failures live in
# the database, so a seller's next request may reach any web node. Django's and
# django-axes' defaults, stated: a per-process or file backend here would tie a seller to
# one machine.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", _("Spanish (Chile)")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Chilean number and date formats (supportcenter/formats/es_CL).
FORMAT_MODULE_PATH = ["supportcenter.formats"]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from npm (package.json, pinned) and is served from here: no CDN.
    ("bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    # Uploaded files are private: there is no MEDIA_URL route, only views that check access.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Downloads of files in object storage redirect to a signed URL valid this many seconds
# (supportcenter/storage.py); long enough to start a download, too short to pass around.
FILES_SIGNED_URL_SECONDS = env.int("FILES_SIGNED_URL_SECONDS", default=60)
# Several web nodes and workers need one place for the files: a private bucket of any
# S3-compatible object storage (AWS S3, MinIO, GCS in S3 mode; README "Files"), through
# django-storages. Keys: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's role.
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            # Unset for AWS; MinIO's address, or https://storage.googleapis.com for GCS.
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # A folder inside the bucket, to share one bucket between environments.
            "location": env("AWS_LOCATION", default=""),
            # The bucket stays private: no ACL is sent (buckets that enforce the owner's
            # ACLs, and GCS with uniform access, refuse any), every URL is signed.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": FILES_SIGNED_URL_SECONDS,
            # Names are random (uuid4): no existence check before each write.
            "file_overwrite": True,
            "client_config": S3Config(
                # "path" for MinIO without wildcard DNS; AWS and GCS take the default.
                s3={"addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="auto")},
                signature_version="s3v4",
                # Bounded waits: a request never hangs a web worker.
                connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=3),
                read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=20),
                retries={"max_attempts": 3, "mode": "standard"},
                # Checksums only where S3 requires them: boto3's default (since 1.36)
                # sends headers that GCS and older MinIO refuse.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        },
    }

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console by default; EMAIL_URL (e.g. smtp+tls://user:pass@host:587) in production.
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Centro de soporte <soporte@example.com>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Seconds to wait for each answer of the mail server (connecting included).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Replies by email (notifications/inbound, README "Replies by email"). Every email about a
# case says Reply-To: <INBOUND_EMAIL_LOCAL_PART>+<signed token>@<INBOUND_EMAIL_DOMAIN>;
# that mailbox must reach the portal by IMAP polling (INBOUND_EMAIL_URL) or the webhook.
INBOUND_EMAIL_DOMAIN = env(
    "INBOUND_EMAIL_DOMAIN", default=DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >")
)
INBOUND_EMAIL_LOCAL_PART = env("INBOUND_EMAIL_LOCAL_PART", default="soporte")
# A reply address works this many days after its email was sent (reminders send new ones).
INBOUND_REPLY_MAX_AGE_DAYS = env.int("INBOUND_REPLY_MAX_AGE_DAYS", default=90)
# The webhook's shared secret (header X-Inbound-Secret). The local default is public: the
# production settings refuse it and any weak one; empty there turns the webhook off.
INBOUND_EMAIL_SECRET = env("INBOUND_EMAIL_SECRET", default="demo-inbound-2026")
# The mailbox polled every minute, e.g. imaps://user:password@imap.example.com:993/INBOX
# (password URL-encoded). Empty: no polling.
INBOUND_EMAIL_URL = env("INBOUND_EMAIL_URL", default="")
# Where polled messages go once stored (created if missing); empty: they stay, flagged.
INBOUND_EMAIL_PROCESSED_FOLDER = env("INBOUND_EMAIL_PROCESSED_FOLDER", default="Procesados")
# Larger messages are refused by the webhook (413) and left unread in the mailbox.
INBOUND_EMAIL_MAX_BYTES = env.int("INBOUND_EMAIL_MAX_BYTES", default=30 * 1024 * 1024)
INBOUND_EMAIL_IMAP_TIMEOUT = env.int("INBOUND_EMAIL_IMAP_TIMEOUT", default=30)

# Celery: https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
# Without a broker, tasks run eagerly in the web process (local run, no Redis needed).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
# Redelivered if a worker dies mid-task; tasks are idempotent (outbox keys) so this is safe.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# If the broker is down when a user acts, give up quickly: the action still succeeds and
# the periodic outbox flush sends what is pending once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {}
# Sends what the broker never got (it was down) and what a dead worker left "sending".
CELERY_BEAT_SCHEDULE["notifications-flush-outbox"] = {
    "task": "notifications.tasks.flush_outbox",
    "schedule": 60.0,
}
# Replies by email: read the mailbox (when INBOUND_EMAIL_URL is set), and process what a
# broker outage left waiting.
CELERY_BEAT_SCHEDULE["notifications-poll-inbound-mailbox"] = {
    "task": "notifications.inbound.tasks.poll_inbound_mailbox",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["notifications-sweep-inbound"] = {
    "task": "notifications.inbound.tasks.sweep_inbound_emails",
    "schedule": 120.0,
}

# Notifications outbox (notifications/services.py).
# Failed sends before an email is marked failed (agents can retry it in the admin).
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
# Wait after the first failed send; doubles after each failure, capped at one hour.
NOTIFICATIONS_RETRY_BACKOFF_SECONDS = env.int("NOTIFICATIONS_RETRY_BACKOFF_SECONDS", default=60)
# Hard time limit (seconds) of one send: Celery kills a delivery task that takes longer.
# Keep it above EMAIL_TIMEOUT, the wait for each answer of the mail server.
NOTIFICATIONS_SEND_TIME_LIMIT = env.int("NOTIFICATIONS_SEND_TIME_LIMIT", default=60)
# A worker sending an email holds it this long; past it, the worker is taken as dead and
# the email is sent again (same Message-ID). Longer than the send's time limit, so a send
# still going on is never repeated; with the minute's flush, a dead worker's email goes
# out again within about two and a half minutes.
NOTIFICATIONS_LEASE_SECONDS = env.int(
    "NOTIFICATIONS_LEASE_SECONDS", default=NOTIFICATIONS_SEND_TIME_LIMIT + 30
)

# Working hours of the business calendar used for resolution times (seller's local time).
BUSINESS_HOURS = {"workdays": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00"}
# Estimated resolution time (cases/eta/estimators.py). A cause with at least this many cases
# resolved among those created in the last ETA_LEARNED_WINDOW_DAYS days (the newest 400 of
# them: a busy cause learns from its recent weeks, a rare one from its year) is estimated
# from them; with fewer, from its area's or record type's cases (scaled by each cause's
# target), else from its target:
ETA_LEARNED_MIN_SAMPLES = env.int("ETA_LEARNED_MIN_SAMPLES", default=30)
ETA_LEARNED_WINDOW_DAYS = env.int("ETA_LEARNED_WINDOW_DAYS", default=365)
# The share (%) of cases resolved by the date shown: Student's prediction bound of a lognormal
# fitted to the cause, asked at one point more; the split-conformal rank (⌈(n+1)·0.9⌉-th of n)
# for areas and record types. 90 holds about 9 times in 10.
ETA_LEARNED_PERCENTILE = env.int("ETA_LEARNED_PERCENTILE", default=90)
# An overdue case's new date comes from its cause's cases slower than it when at least this
# many of them finished; with fewer, from a lognormal fitted to the cause's cases.
ETA_OVERDUE_MIN_SLOWER_CASES = env.int("ETA_OVERDUE_MIN_SLOWER_CASES", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Attachments: per-file size limit, and how many files one form (in the wizard: each file
# field) may carry.
CASE_ATTACHMENT_MAX_BYTES = env.int("CASE_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
CASE_ATTACHMENT_MAX_FILES = env.int("CASE_ATTACHMENT_MAX_FILES", default=5)
# What one CREAR CASO wizard may keep on disk before its case exists, all fields together
# (cases/files/staging.py); anything more is refused before it is stored.
CASE_WIZARD_MAX_TOTAL_BYTES = env.int("CASE_WIZARD_MAX_TOTAL_BYTES", default=50 * 1024 * 1024)
# A stored file no attachment row points to is deleted once older than this: its request
# failed (the row was rolled back). Far longer than any transaction that stores files.
ORPHAN_FILE_MIN_AGE_MINUTES = env.int("ORPHAN_FILE_MIN_AGE_MINUTES", default=30)
# The "case created" email (queued with the case) waits this long for the case's first
# estimate, computed in the background; then it goes out without it.
CASE_CREATED_EMAIL_WAIT_SECONDS = env.int("CASE_CREATED_EMAIL_WAIT_SECONDS", default=120)
# A seller may reopen a resolved case within this many days; then it closes by itself.
CASE_REOPEN_WINDOW_DAYS = env.int("CASE_REOPEN_WINDOW_DAYS", default=7)

# Pending-task reminders: first after this many business days open, then every N.
TASK_REMINDER_FIRST_BUSINESS_DAYS = env.int("TASK_REMINDER_FIRST_BUSINESS_DAYS", default=1)
TASK_REMINDER_EVERY_BUSINESS_DAYS = env.int("TASK_REMINDER_EVERY_BUSINESS_DAYS", default=2)

# The agents' desk (cases/clocks.py, cases/desk.py). Response targets in business hours
# of the seller's calendar when neither the cause nor its record type sets them: the first
# reply after filing, and each reply after the seller writes again.
CASE_FIRST_RESPONSE_HOURS = env.int("CASE_FIRST_RESPONSE_HOURS", default=8)
CASE_NEXT_RESPONSE_HOURS = env.int("CASE_NEXT_RESPONSE_HOURS", default=16)
# "Por vencer": a reply due within this many (clock) hours; the assignee is warned then.
CASE_RESPONSE_WARNING_HOURS = env.int("CASE_RESPONSE_WARNING_HOURS", default=4)
# The desk counts each queue up to this many cases and then shows "N+".
CASE_DESK_COUNT_CAP = env.int("CASE_DESK_COUNT_CAP", default=1000)

# The cases app's periodic work (celery beat).
CELERY_BEAT_SCHEDULE.update(
    {
        # Warn of replies about to be late and record the late ones (cases/clocks.py).
        "cases-check-response-clocks": {
            "task": "cases.tasks.check_response_clocks",
            "schedule": 5 * 60,
        },
        "cases-send-task-reminders": {
            "task": "cases.tasks.send_task_reminders",
            "schedule": 15 * 60,
        },
        "cases-refresh-etas": {"task": "cases.tasks.refresh_etas", "schedule": 15 * 60},
        "cases-autoclose-resolved": {
            "task": "cases.tasks.autoclose_resolved_cases",
            "schedule": 60 * 60,
        },
        # Every half hour: an orphan file is gone within the hour of its request.
        "cases-cleanup-uploads": {"task": "cases.tasks.cleanup_uploads", "schedule": 30 * 60},
    }
)
# Tablero del equipo (cases/dashboard.py): a computed board is kept in the cache this long,
# and the boards leads open most are computed again by beat at this interval.
DASHBOARD_REFRESH_MINUTES = env.int("DASHBOARD_REFRESH_MINUTES", default=10)
CELERY_BEAT_SCHEDULE["cases-warm-team-dashboards"] = {
    "task": "cases.tasks.warm_team_dashboards",
    "schedule": DASHBOARD_REFRESH_MINUTES * 60,
}

# Triage (cases/triage): the model that suggests a cause from the seller's own words.
# It learns from each cause's example phrases and from the newest resolved cases of each
# cause (at most this many per cause, so a nightly training stays quick at any size).
TRIAGE_CASES_PER_CAUSE = env.int("TRIAGE_CASES_PER_CAUSE", default=300)
# New and reopened cases go to an agent of their area and country, round-robin weighted
# by open cases (cases/services/assignment.py); False leaves them unassigned.
CASES_AUTO_ASSIGN = env.bool("CASES_AUTO_ASSIGN", default=True)
# Retrained every night (at 03:30 in TIME_ZONE) and on demand (admin, `manage.py
# triage_train`); a new version reaches every process on its next suggestion.
CELERY_BEAT_SCHEDULE["cases-triage-train"] = {
    "task": "cases.triage.tasks.train_triage_model",
    "schedule": crontab(hour=3, minute=30),
}
# Suggestions a seller's user may ask for per minute (the wizard asks as they type, after
# a pause; typing for a whole minute asks about 30 times). Counted in the shared cache.
TRIAGE_SUGGESTIONS_PER_MINUTE = env.int("TRIAGE_SUGGESTIONS_PER_MINUTE", default=60)
# --- Operations: health checks, metrics, request ids in logs (supportcenter/ops/) --------
INSTALLED_APPS += ["django_prometheus"]
# Every SQL query is counted for the metrics: django-prometheus' subclass of the same
# database backend (django.db.backends.postgresql -> django_prometheus.db.backends...).
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)
# django-prometheus: no migration gauges (they query the database when the app loads).
PROMETHEUS_EXPORT_MIGRATIONS = False
# Seconds each readiness check of /salud/lista/ (database, broker, storage; run at once)
# may take; keep it below the load balancer's own timeout.
HEALTH_CHECK_TIMEOUT_SECONDS = env.float("HEALTH_CHECK_TIMEOUT_SECONDS", default=2.0)
# The bearer token Prometheus sends to /metricas/ and to a worker's metrics port. Empty:
# metrics are off (404). Production refuses a short one.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# Computed at each scrape, one cheap query each: what is waiting in the database.
METRICS_COLLECTORS = [
    "notifications.metrics.OutboxCollector",
    "cases.metrics.WaitingOnSupportCollector",
]
# A Celery worker serves its task metrics on this port (its own process group); unset: no
# port. Bind it to a private address (METRICS_WORKER_ADDRESS; empty: every interface).
METRICS_WORKER_PORT = env.int("METRICS_WORKER_PORT", default=None)
METRICS_WORKER_ADDRESS = env("METRICS_WORKER_ADDRESS", default="")
# Logs: every record carries the request id (None outside requests and tasks); "plain"
# lines for people (make run), "json" lines for a log pipeline (production's default).
LOGGING["filters"] = {"request_id": {"()": "supportcenter.ops.request_id.RequestIdFilter"}}
LOGGING["formatters"]["json"] = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": True,  # ISO 8601, UTC
    "json_ensure_ascii": False,
}
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
LOGGING["handlers"]["console"]["formatter"] = env("DJANGO_LOG_FORMAT", default="plain")
# Celery workers log through LOGGING (JSON in production), not Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# --- Atención al cliente (customers/): buyers' requests pushed by the marketplace -------
# The marketplace's API (Django REST framework). Only the integration token authenticates
# (no session: no CSRF, no browsable API); every error is JSON (customers/api/errors.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "customers.api.authentication.IntegrationTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["customers.api.permissions.IsIntegration"],
    "DEFAULT_THROTTLE_CLASSES": ["customers.api.throttling.IntegrationRateThrottle"],
    "DEFAULT_PARSER_CLASSES": ["customers.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "customers.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
# The OpenAPI document served at /api/v1/schema/ (drf-spectacular).
SPECTACULAR_SETTINGS = {
    "TITLE": "Centro de soporte · Atención al cliente API",
    "DESCRIPTION": "The marketplace pushes buyers' requests and messages; the seller's "
    "answers go back by a signed webhook (see README, Atención al cliente).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
}
# Largest JSON body the API reads (base64 attachments included); more is a 413.
CUSTOMERS_API_MAX_BODY_BYTES = env.int("CUSTOMERS_API_MAX_BODY_BYTES", default=16 * 1024 * 1024)
# A search in Atención al cliente's lists counts its matches up to this many ("more than
# 1,000"): a common word would otherwise read every match from the table.
CUSTOMER_SEARCH_COUNT_CAP = env.int("CUSTOMER_SEARCH_COUNT_CAP", default=1000)
# A list of at most this many requests (the kept counts say) checks a search's words on
# each request in its order instead of looking them up in the words' index.
CUSTOMER_SEARCH_ROW_BY_ROW_UP_TO = env.int("CUSTOMER_SEARCH_ROW_BY_ROW_UP_TO", default=5000)
# How long that count is kept for the same search while the seller's lists do not change.
CUSTOMER_SEARCH_COUNT_CACHE_SECONDS = env.int("CUSTOMER_SEARCH_COUNT_CACHE_SECONDS", default=600)
# Answer deadlines in business hours, per kind of request, per seller country ("default"
# for the others): Mercado Libre asks for post-sale answers within 8 business hours.
CUSTOMER_REQUEST_DEADLINE_HOURS = {
    "default": {"question": 24, "post_sale": 8, "claim": 48},
}
# The business hours those deadlines count in (seller's local time, national holidays
# excluded): not the support desk's BUSINESS_HOURS. Marketplaces do not count the night
# (Mercado Libre: 21:00-08:00), and buyers write on Saturdays.
CUSTOMER_REQUEST_BUSINESS_HOURS = {
    "default": {"workdays": [0, 1, 2, 3, 4, 5], "start": "08:00", "end": "21:00"},
}
# "About to miss its deadline" email: this many minutes before the deadline.
CUSTOMER_REQUEST_WARN_BEFORE_MINUTES = env.int("CUSTOMER_REQUEST_WARN_BEFORE_MINUTES", default=120)
# Webhooks to the marketplace (customers/services/webhooks.py), sent like the emails.
CUSTOMERS_WEBHOOK_TIMEOUT_SECONDS = env.int("CUSTOMERS_WEBHOOK_TIMEOUT_SECONDS", default=10)
CUSTOMERS_WEBHOOK_MAX_ATTEMPTS = env.int("CUSTOMERS_WEBHOOK_MAX_ATTEMPTS", default=10)
CUSTOMERS_WEBHOOK_RETRY_BACKOFF_SECONDS = env.int(
    "CUSTOMERS_WEBHOOK_RETRY_BACKOFF_SECONDS", default=60
)
CUSTOMERS_WEBHOOK_STALE_SENDING_SECONDS = env.int(
    "CUSTOMERS_WEBHOOK_STALE_SENDING_SECONDS", default=900
)
# Webhook addresses must be https, except where this is on (local runs, tests).
CUSTOMERS_WEBHOOK_ALLOW_HTTP = env.bool("CUSTOMERS_WEBHOOK_ALLOW_HTTP", default=DEBUG)
CELERY_BEAT_SCHEDULE.update(
    {
        "customers-flush-webhooks": {"task": "customers.tasks.flush_webhooks", "schedule": 60.0},
        "customers-sweep-new-request-alerts": {
            "task": "customers.tasks.sweep_new_request_alerts",
            "schedule": 60.0,
        },
        "customers-send-digests": {
            "task": "customers.tasks.send_request_digests",
            "schedule": 300.0,
        },
        "customers-warn-due-soon": {"task": "customers.tasks.warn_due_soon", "schedule": 300.0},
    }
)
