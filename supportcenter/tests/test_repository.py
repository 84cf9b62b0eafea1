"""No secret in the repository: every file git tracks is checked for private keys, cloud
tokens, real-looking secret keys and passwords, and for files that hold local secrets or
data (.env, databases, uploads). The few secrets that are meant to be public are listed
in ALLOWED, each with the reason."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ALLOWED = {
    # supportcenter/settings/base.py: the documented local default; production refuses it.
    "django-insecure-local-development-key-do-not-use-in-production",
    # accounts/demo.py and README.md: the demo logins `make run` creates.
    "demo-seller-2026",
    "demo-agent-2026",
    "demo-admin-2026",
    # bench/dataset/people.py: the logins of the generated benchmark dataset (never production).
    "bench-seller-2026",
    "bench-agent-2026",
    # Made-up passwords and keys of the tests.
    "a-long-test-password-2026",
    "otra-clave-segura-2026",
    "una-clave-larga-2026",
    "a-real-looking-production-secret-0123456789-xyz",
    "another-secret-key-",  # notifications/tests/test_inbound_tokens.py: + "x" * 40
    "two-nodes-",  # supportcenter/tests/test_two_nodes.py: + "s3cr3t-" * 8
    "not-the-password",  # supportcenter/tests/test_two_nodes.py: a wrong login
    # notifications/tests: the throwaway Dovecot's login, and a URL-encoded one parsed.
    "secret-imap-2026",
    "p@ss/w",
}
# Placeholders in docs, the fake SMTP of the production settings test, and the throwaway
# password .ci/run gives the PostgreSQL it installs on a CI machine.
ALLOWED_URL_CREDENTIALS = {
    "user:password",
    "user:pass",
    "mailer:secret",
    "postgres:postgres",
    # notifications/tests: the throwaway Dovecot's URL, and mailbox URLs the parser reads.
    "{USER}:{PASSWORD}",
    "soporte%40x.cl:p%40ss%2Fw",
    "u:p",
}
# Public checksums of packages, not secrets.
NOT_SCANNED = {"package-lock.json"}

FORBIDDEN_FILES = [
    (re.compile(r"(^|/)\.env($|\.)"), "an environment file"),
    (re.compile(r"\.(sqlite3?|db)(-journal)?$"), "a database"),
    (re.compile(r"^(media|var|staticfiles)/"), "local data or uploads"),
    (re.compile(r"\.(pem|key|p12|pfx|jks)$|(^|/)id_(rsa|dsa|ecdsa|ed25519)"), "a key file"),
]
SECRET_PATTERNS = [
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"), "an AWS access key"),
    (re.compile(r"(?i)aws_secret_access_key\s*[=:]\s*\S+"), "an AWS secret key"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"), "a GitHub token"),
    (re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"), "a Slack token"),
    (re.compile(r"\bsk_live_[A-Za-z0-9]{16,}"), "a Stripe key"),
]
NAMES = r"(secret_key|password|passwd|api_key|access_token)\w*"
# A value given to a secret-looking name: quoted in code, bare in shell and .env files.
QUOTED_VALUE = re.compile(rf"""(?i){NAMES}["']?\s*[:=]\s*["']([^"'\s]{{6,}})["']""")
BARE_VALUE = re.compile(rf"""(?i){NAMES}=([^\s"'.,)]{{20,}})""")
# Django's SECRET_KEY given a literal, directly or as the default of env().
SECRET_KEY_VALUE = re.compile(
    r"""SECRET_KEY["']?\s*[:=]\s*(?:env\(\s*["']\w+["']\s*,\s*default\s*=\s*)?"""
    r"""["']([^"'\s]{20,})["']"""
)
URL_CREDENTIALS = re.compile(r"[a-z][a-z0-9+.-]*://([^/\s:@'\"]+:[^/\s@'\"]+)@")


def problems_in(text: str) -> list[str]:
    found = [what for pattern, what in SECRET_PATTERNS if pattern.search(text)]
    for pattern in (QUOTED_VALUE, BARE_VALUE, SECRET_KEY_VALUE):
        for match in pattern.finditer(text):
            if match.group(match.lastindex) not in ALLOWED:
                found.append(f"a value for {match.group(0)[:20]}…")
    for credentials in URL_CREDENTIALS.findall(text):
        if credentials not in ALLOWED_URL_CREDENTIALS:
            found.append(f"credentials in a URL: {credentials.split(':')[0]}:…")
    return found


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
    )
    return [name for name in result.stdout.decode().split("\0") if name]


class TestTheRepository:
    def test_tracks_no_file_that_holds_local_secrets_or_data(self):
        found = [
            f"{name}: {what}"
            for name in tracked_files()
            for pattern, what in FORBIDDEN_FILES
            if pattern.search(name)
        ]

        assert found == []

    def test_holds_no_secret_in_any_tracked_file(self):
        found = []
        for name in tracked_files():
            if name in NOT_SCANNED:
                continue
            text = (ROOT / name).read_bytes().decode("utf-8", errors="replace")
            found += [f"{name}: {problem}" for problem in problems_in(text)]

        assert found == []

    def test_ignores_the_local_files_that_hold_secrets_or_data(self):
        tracked_files()  # skips outside a git checkout
        local = [".env", "db.sqlite3", "media/attachments/x.pdf", "var/test-media/x.pdf"]

        result = subprocess.run(
            ["git", "check-ignore", "--no-index", *local], cwd=ROOT, capture_output=True
        )

        assert sorted(result.stdout.decode().split()) == sorted(local)


class TestTheScanner:
    """The patterns catch what they are for (samples built here, never written out)."""

    @pytest.mark.parametrize(
        "sample",
        [
            "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIE",
            "key = 'AKIA" + "Q3EXAMPLE7ABCDEF'",
            "aws_secret_access_key" + " = abc",
            'SECRET_KEY = "' + "x7#k" * 12 + '"',
            'SECRET_KEY = env("DJANGO_SECRET_KEY", default="' + "p9!Z" * 10 + '")',
            "DJANGO_SECRET_KEY=" + "Qw3rty" * 6,
            'ADMIN_PASSWORD = "' + "hunter2hunter2" + '"',
            "redis://" + "default:" + "s3cr3tpw" + "@cache.internal:6379/0",
        ],
    )
    def test_catches(self, sample):
        assert problems_in(sample)

    @pytest.mark.parametrize(
        "sample",
        [
            'SECRET_KEY = env("DJANGO_SECRET_KEY", default="")',
            "export DJANGO_SECRET_KEY=...",
            'password = forms.CharField(label=_("Password"))',
            "smtp+tls://user:pass@smtp.example.com:587",
        ],
    )
    def test_lets_through(self, sample):
        assert problems_in(sample) == []
