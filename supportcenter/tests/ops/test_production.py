"""The operations endpoints and logs under the production settings, in a subprocess as a
server runs them: the load balancer calls by a node's address over plain HTTP; each log
line is one JSON object carrying the request id; a weak metrics token is refused."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from supportcenter.tests.test_settings import PRODUCTION_ENV, ROOT, manage

from .helpers import closed_port

TOKEN = "prod-metrics-token-7Hq2xV9kLm4Rt8Zp3Wb6"

# Runs in `manage.py shell` under the production settings over a throwaway SQLite file.
PROBE = """
import json
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

call_command("migrate", verbosity=0)
balancer = Client(HTTP_HOST="10.0.3.7:8000")  # plain HTTP, by address
live = balancer.get("/salud/")
ready = balancer.get("/salud/lista/", HTTP_X_REQUEST_ID="lb-probe-1")
with override_settings(CELERY_BROKER_URL="redis://127.0.0.1:BROKER_PORT/0"):
    down = balancer.get("/salud/lista/", HTTP_X_REQUEST_ID="lb-probe-2")
scraper = Client(HTTP_HOST="10.0.3.7:8000", HTTP_AUTHORIZATION="Bearer TOKEN")
metrics = scraper.get("/metricas/")
people = Client(HTTP_HOST="soporte.example.com").get("/cuenta/ingresar/")
by_address = Client(HTTP_HOST="10.0.3.7:8000", HTTP_X_FORWARDED_PROTO="https")
# collectstatic builds the manifest at deploy time; the plain storage stands in for it.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
    people_by_address = by_address.get("/cuenta/ingresar/").status_code
print(json.dumps({
    "live": [live.status_code, live.content.decode()],
    "ready": [ready.status_code, ready.content.decode(), ready["X-Request-ID"]],
    "down": [down.status_code, down.content.decode()],
    "metrics": [metrics.status_code, "django_http_requests" in metrics.content.decode()],
    "people": [people.status_code, people.get("Location", "")],
    "people_by_address": people_by_address,
}))
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "CELERY_BROKER_URL": "",
        "METRICS_TOKEN": TOKEN,
    }
    script = PROBE.replace("BROKER_PORT", str(closed_port())).replace("TOKEN", TOKEN)
    result = manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


class TestHealthChecksInProduction:
    def test_answer_a_balancer_calling_a_node_by_address_over_plain_http(self, served):
        answers, _logs = served

        assert answers["live"] == [200, "ok\n"]
        assert answers["ready"][:2] == [200, "ok\n"]
        assert answers["down"] == [503, "unavailable\n"]

    def test_leave_the_pages_for_people_redirected_to_https_and_their_hosts_checked(self, served):
        answers, _logs = served

        assert answers["people"] == [301, "https://soporte.example.com/cuenta/ingresar/"]
        assert answers["people_by_address"] == 400

    def test_metrics_are_scraped_by_address_over_plain_http_with_the_token(self, served):
        answers, _logs = served

        assert answers["metrics"] == [200, True]


class TestLogsInProduction:
    def test_are_one_json_object_per_line_with_the_request_id(self, served):
        answers, logs = served

        lines = [json.loads(line) for line in logs.splitlines()]
        failure = [line for line in lines if line["logger"] == "supportcenter.ops.health"]
        assert len(failure) == 1
        assert failure[0]["level"] == "ERROR"
        assert failure[0]["request_id"] == "lb-probe-2"
        assert failure[0]["message"].startswith("Readiness: broker failed: ")
        assert answers["ready"][2] == "lb-probe-1"

    def test_can_be_plain_for_people_reading_them(self):
        code = "import logging; logging.getLogger('x').warning('hola')"
        env = {**PRODUCTION_ENV, "DJANGO_LOG_FORMAT": "plain"}

        result = manage("shell", "-c", code, env=env)

        assert result.stderr.strip().endswith("WARNING x: hola"), result.stderr


class TestMetricsToken:
    @pytest.mark.parametrize("token", ["short", "a" * 40, "abcabcabcabcabcabcabcabcabcabcabcabc"])
    def test_production_refuses_a_weak_one(self, token):
        result = manage("check", env={**PRODUCTION_ENV, "METRICS_TOKEN": token})

        assert result.returncode != 0
        assert "METRICS_TOKEN must be a long random value" in result.stderr

    @pytest.mark.parametrize("token", ["", TOKEN])
    def test_production_takes_a_strong_one_or_none(self, token):
        result = manage("check", env={**PRODUCTION_ENV, "METRICS_TOKEN": token})

        assert result.returncode == 0, result.stderr


class TestGunicornWithTheCommittedConfiguration:
    def test_serves_the_checks_and_metrics_and_logs_json_lines_with_the_request_id(self, tmp_path):
        port = closed_port()
        folder = tmp_path / "multiproc"
        folder.mkdir()
        (folder / "counter_1.db").write_bytes(b"left by a previous run")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
            **PRODUCTION_ENV,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "METRICS_TOKEN": TOKEN,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "PROMETHEUS_MULTIPROC_DIR": str(folder),
        }
        command = [sys.executable, "-m", "gunicorn", "supportcenter.wsgi"]
        server = subprocess.Popen(
            [*command, "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            live = get(port, "/salud/", {"X-Request-ID": "gunicorn-1", "Host": "10.0.3.7"})
            metrics = get(port, "/metricas/", {"Authorization": f"Bearer {TOKEN}"})
        finally:
            server.terminate()
            out, err = server.communicate(timeout=30)

        assert live == (200, "ok\n")
        assert metrics[0] == 200
        # Two workers, one folder: the requests of both are in it, the old run's are not.
        assert "counter_1.db" not in {p.name for p in folder.iterdir()}
        lines = [json.loads(line) for line in (out + err).splitlines()]
        access = [line["message"] for line in lines if line["logger"] == "gunicorn.access"]
        assert any(
            '"GET /salud/ HTTP/1.1" 200' in m and "request_id=gunicorn-1" in m for m in access
        )


def get(port: int, path: str, headers: dict, attempts: int = 100) -> tuple[int, str]:
    """GET from the server once it listens (bounded: about 20 s)."""
    for _ in range(attempts):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer on port {port}")
