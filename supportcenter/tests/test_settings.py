import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "supportcenter.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "a-real-looking-production-secret-0123456789-xyz",
    "DJANGO_ALLOWED_HOSTS": "soporte.example.com",
    "DATABASE_URL": "postgres://app@db.example.com:5432/supportcenter",
    "CELERY_BROKER_URL": "redis://redis.example.com:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "DEFAULT_FROM_EMAIL": "Soporte <soporte@example.com>",
    "SITE_URL": "https://soporte.example.com",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE", "TRUSTED_PROXY"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestProductionSettings:
    def test_pass_check_deploy_with_the_documented_variables(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    @pytest.mark.parametrize("secret", ["", "short", "django-insecure-" + "x" * 60, "a" * 64])
    def test_refuse_to_start_without_a_real_secret_key(self, secret):
        result = manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secret})

        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY must be set" in result.stderr

    @pytest.mark.parametrize("secret", ["demo-inbound-2026", "short", "a" * 40])
    def test_refuse_a_weak_inbound_email_secret(self, secret):
        result = manage("check", env={**PRODUCTION_ENV, "INBOUND_EMAIL_SECRET": secret})

        assert result.returncode != 0
        assert "INBOUND_EMAIL_SECRET must be a long random value" in result.stderr

    def test_the_inbound_email_webhook_is_off_unless_a_secret_is_set(self):
        code = "from django.conf import settings as s; print(repr(s.INBOUND_EMAIL_SECRET))"
        result = manage("shell", "-c", code, env=PRODUCTION_ENV)
        assert result.stdout.strip().splitlines()[-1] == "''"
        strong = "Zq8-" + "".join(chr(65 + i) for i in range(26)) + "9x"
        result = manage("check", env={**PRODUCTION_ENV, "INBOUND_EMAIL_SECRET": strong})
        assert result.returncode == 0, result.stderr

    def test_refuse_the_demo_data(self):
        result = manage("seed_demo", env=PRODUCTION_ENV)

        assert result.returncode != 0
        assert "Demo data is disabled" in result.stderr

    def test_do_not_ship_the_dataset_generator(self):
        result = manage("generate_dataset", "--force", env=PRODUCTION_ENV)

        assert result.returncode != 0
        assert "Unknown command: 'generate_dataset'" in result.stderr

    def test_keep_database_connections_between_requests(self):
        code = (
            "from django.conf import settings as s; d = s.DATABASES['default']; "
            "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
        )
        kept = manage("shell", "-c", code, env=PRODUCTION_ENV)
        pooled_url = PRODUCTION_ENV["DATABASE_URL"] + "?conn_max_age=0"
        pooled = manage("shell", "-c", code, env={**PRODUCTION_ENV, "DATABASE_URL": pooled_url})

        assert kept.stdout.split()[-2:] == ["60", "True"], kept.stderr
        assert pooled.stdout.split()[-2:] == ["0", "True"], pooled.stderr

    def test_read_the_client_address_behind_one_proxy_unless_told_how_many(self):
        code = "from django.conf import settings as s; print(s.TRUSTED_PROXY_COUNT)"
        default = manage("shell", "-c", code, env=PRODUCTION_ENV)
        two = manage("shell", "-c", code, env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "2"})

        assert default.stdout.split()[-1:] == ["1"], default.stderr
        assert two.stdout.split()[-1:] == ["2"], two.stderr

    @pytest.mark.parametrize("cache", ["locmemcache://", "filecache:///tmp/cache", "dummycache://"])
    def test_refuse_a_cache_that_web_nodes_would_not_share(self, cache):
        result = manage("check", env={**PRODUCTION_ENV, "CACHE_URL": cache})

        assert result.returncode != 0
        assert "CACHE_URL must point at a cache every web node shares" in result.stderr

    def test_keep_files_in_the_bucket_named_in_the_environment(self):
        code = (
            "from django.core.files.storage import storages; d = storages['default']; "
            "c = d.client_config; "
            "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.querystring_auth, "
            "d.querystring_expire, d.default_acl, c.s3['addressing_style'], "
            "c.connect_timeout, c.read_timeout)"
        )
        bucket_env = {
            "AWS_STORAGE_BUCKET_NAME": "soporte-archivos",
            "AWS_S3_ENDPOINT_URL": "https://minio.internal:9000",
            "AWS_S3_ADDRESSING_STYLE": "path",
        }
        kind = ";".join(code.split(";")[:2]) + "; print(type(d).__name__)"
        on_disk = manage("shell", "-c", kind, env=PRODUCTION_ENV)
        in_bucket = manage("shell", "-c", code, env={**PRODUCTION_ENV, **bucket_env})

        assert on_disk.stdout.split()[-1:] == ["FileSystemStorage"], on_disk.stderr
        assert in_bucket.stdout.split()[-9:] == [
            "S3Storage",
            "soporte-archivos",
            "https://minio.internal:9000",
            "True",  # every URL signed: the bucket stays private
            "60",
            "None",  # no ACL sent
            "path",
            "3",
            "20",
        ], in_bucket.stderr


class TestBenchSettings:
    def test_are_production_served_over_plain_http_with_timing_headers(self):
        code = (
            "from django.conf import settings as s; "
            "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.MIDDLEWARE[0])"
        )
        env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "supportcenter.settings.bench"}
        result = manage("shell", "-c", code, env=env)

        assert result.stdout.split()[-3:] == [
            "False",
            "False",
            "bench.middleware.ServerTimingMiddleware",
        ], result.stderr


class TestLocalDefaults:
    def test_a_local_run_needs_nothing_set(self):
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE", "CELERY", "EMAIL"))
        }
        code = (
            "from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
            "s.EMAIL_BACKEND, s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ, s.DEBUG)"
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env={**clean, "DJANGO_SETTINGS_MODULE": "supportcenter.settings.base"},
            capture_output=True,
            text=True,
            timeout=120,
        )

        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1].split() == [
            "django_prometheus.db.backends.sqlite3",  # SQLite, its queries counted
            "True",
            "django.core.mail.backends.console.EmailBackend",
            "es-cl",
            "America/Santiago",
            "True",
            "True",
        ]


# Runs inside `manage.py shell` under the production settings: a throwaway SQLite database,
# a user, and Django's test client behind the TLS proxy (X-Forwarded-Proto: https).
SERVE_AND_LOG_IN = """
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from accounts.models import User

call_command("migrate", verbosity=0)
User.objects.create_user(email="ana@example.cl", password="una-clave-larga-2026", full_name="Ana")
# collectstatic builds the manifest at deploy time; the plain storage stands in for it here.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
    http = Client().get("/cuenta/ingresar/")
    browser = Client(HTTP_X_FORWARDED_PROTO="https")
    page = browser.get("/cuenta/ingresar/")
    login = browser.post(
        "/cuenta/ingresar/", {"username": "ana@example.cl", "password": "una-clave-larga-2026"}
    )
cookie = lambda name: {k: bool(browser.cookies[name][k]) for k in ("secure", "httponly")}
print(json.dumps({
    "http": [http.status_code, http.get("Location", "")],
    "page": page.status_code,
    "login": login.status_code,
    "headers": {h: page.get(h) for h in (
        "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options",
        "Referrer-Policy", "Cross-Origin-Opener-Policy",
    )},
    "csp": page["Content-Security-Policy"].split("; "),
    "cookies": {name: cookie(name) for name in ("sessionid", "csrftoken")},
}))
"""


@pytest.fixture(scope="module")
def served():
    """What the app answered under the production settings (one subprocess for all)."""
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "sqlite://:memory:",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "CELERY_BROKER_URL": "",
    }
    result = manage("shell", "-c", SERVE_AND_LOG_IN, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


class TestProductionResponses:
    def test_plain_http_is_redirected_to_https(self, served):
        assert served["http"] == [301, "https://testserver/cuenta/ingresar/"]

    def test_pages_carry_the_security_headers(self, served):
        assert served["page"] == 200
        assert served["headers"] == {
            "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin",
            "Cross-Origin-Opener-Policy": "same-origin",
        }
        assert set(served["csp"]) == {
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        }

    def test_the_session_and_csrf_cookies_are_secure_and_http_only_after_logging_in(self, served):
        assert served["login"] == 302
        assert served["cookies"] == {
            "sessionid": {"secure": True, "httponly": True},
            "csrftoken": {"secure": True, "httponly": True},
        }
