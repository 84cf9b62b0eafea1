"""Which settings each way of starting the portal runs when nobody says which.

Servers and workers (wsgi, asgi, the Celery app) default to production: never in debug,
never with a made-up secret key. manage.py and the Makefile's local targets run the
development settings, and `make run` builds the links in emails with its own address.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "k" * 20 + "a-real-looking-production-secret-0123456789-xyz"
SHOW_SETTINGS = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without any Django, database or site configuration."""
    prefixes = ("DJANGO_", "DATABASE", "SITE_URL", "CELERY", "TRUSTED_PROXY")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return {**clean, **extra}


def python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def last_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


class TestServersStartedWithoutSettings:
    @pytest.mark.parametrize(
        "module", ["supportcenter.wsgi", "supportcenter.asgi", "supportcenter.celery"]
    )
    def test_refuse_to_start_without_a_real_secret_key(self, module):
        result = python("-c", f"import {module}; {SHOW_SETTINGS}", env=environment())

        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY must be set" in result.stderr

    @pytest.mark.parametrize(
        "module", ["supportcenter.wsgi", "supportcenter.asgi", "supportcenter.celery"]
    )
    def test_run_the_production_settings_never_in_debug(self, module):
        env = environment(DJANGO_SECRET_KEY=SECRET_KEY, DJANGO_DEBUG="true")

        result = python("-c", f"import {module}; {SHOW_SETTINGS}", env=env)

        assert last_line(result) == "supportcenter.settings.production False"

    def test_a_web_worker_has_every_view_loaded_before_its_first_request(self):
        env = environment(DJANGO_SECRET_KEY=SECRET_KEY)
        loaded = (
            "import sys; "
            "print(sorted(m for m in ('supportcenter.urls', 'sklearn') if m in sys.modules))"
        )

        result = python("-c", f"import supportcenter.wsgi; {loaded}", env=env)

        # The URLconf (and the cause suggestions' scikit-learn) came with the import.
        assert last_line(result) == "['sklearn', 'supportcenter.urls']"

    def test_manage_py_runs_the_development_settings(self):
        result = python("manage.py", "shell", "-c", SHOW_SETTINGS, env=environment())

        assert last_line(result) == "supportcenter.settings.base True"


def dry_run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> list[str]:
    """The commands `make` would run (setup taken as done), one per line."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", "setup", "-f", str(ROOT / "Makefile"), *args],
        cwd=cwd,
        env=env or environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def command(lines: list[str], pattern: str) -> tuple[dict[str, str], list[str]]:
    """The one line running `pattern`: its leading VAR=value assignments and the rest."""
    [line] = [line for line in lines if re.search(pattern, line)]
    words = shlex.split(line)
    assignments = {}
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, value = words.pop(0).split("=", 1)
        assignments[name] = value
    return assignments, words


class TestMakefile:
    @pytest.mark.parametrize("target", ["worker", "beat"])
    def test_worker_and_beat_run_the_development_settings(self, target):
        assignments, words = command(dry_run(target), rf"celery .* {target}\b")

        result = python(
            "-c", f"import supportcenter.celery; {SHOW_SETTINGS}", env=environment(**assignments)
        )

        assert words[1:4] == ["-A", "supportcenter", target]
        assert last_line(result) == "supportcenter.settings.base True"

    def test_run_builds_the_links_in_emails_with_its_address(self, tmp_path):
        lines = dry_run("run", "HOST=0.0.0.0", "PORT=8123", cwd=tmp_path)
        assignments, words = command(lines, r"manage\.py runserver")
        seed_assignments, _ = command(lines, r"manage\.py seed_demo")

        code = "from django.conf import settings; print(settings.SITE_URL)"
        result = python("manage.py", "shell", "-c", code, env=environment(**assignments))

        assert words[-2:] == ["runserver", "0.0.0.0:8123"]
        assert last_line(result) == "http://0.0.0.0:8123"
        assert seed_assignments == assignments

    @pytest.mark.parametrize("where", ["environment", "command line", ".env"])
    def test_run_leaves_a_site_url_that_is_set_alone(self, tmp_path, where):
        site_url = "https://soporte.example.com"
        env, args = environment(), ["run", "PORT=8123"]
        if where == "environment":
            env["SITE_URL"] = site_url
        elif where == "command line":
            args.append(f"SITE_URL={site_url}")
        else:
            (tmp_path / ".env").write_text(f"DJANGO_DEBUG=true\nSITE_URL={site_url}\n")

        assignments, _ = command(dry_run(*args, cwd=tmp_path, env=env), r"manage\.py runserver")

        assert "SITE_URL" not in assignments
