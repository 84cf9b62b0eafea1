"""The Celery worker's metrics port, and prometheus_client's multiprocess mode: what
several processes counted (gunicorn's workers, a prefork pool's children) is added up
by whichever answers the scrape."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from notifications.tasks import flush_outbox
from supportcenter.ops.exposition import serve_in_background
from supportcenter.tests.test_settings import ROOT

from .helpers import closed_port

TOKEN = "worker-metrics-token-0123456789abcdef"
SERIES = "supportcenter_celery_tasks_total"


def fetch(port: int, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/metrics")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def count(text: str, task: str, outcome: str = "succeeded") -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == SERIES and sample.labels == {"task": task, "outcome": outcome}:
                return sample.value
    return 0.0


@pytest.fixture
def worker_port():
    port = closed_port()
    server = serve_in_background(address="127.0.0.1", port=port, token=TOKEN)
    yield port
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
class TestTheWorkersMetricsPort:
    def test_refuses_a_scrape_without_the_token(self, worker_port):
        for token in (None, "wrong", ""):
            status, body = fetch(worker_port, token)

            assert status == 401
            assert SERIES not in body

    def test_exposes_the_task_outcomes(self, worker_port):
        before = count(fetch(worker_port, TOKEN)[1], flush_outbox.name)

        flush_outbox.apply()
        flush_outbox.apply()

        status, body = fetch(worker_port, TOKEN)
        assert status == 200
        assert count(body, flush_outbox.name) - before == 2


# Each run is a process of its own, as a gunicorn worker or a pool child is.
RUN_A_TASK = """
from supportcenter.celery import app


@app.task(name="probe.ok", shared=False)
def probe():
    return 1


probe.apply()
"""
SCRAPE = """
import json, urllib.request
from django.test import Client, override_settings
from supportcenter.ops.exposition import serve_in_background

with override_settings(METRICS_COLLECTORS=[]):
    web = Client(HTTP_AUTHORIZATION="Bearer TOKEN").get("/metricas/").content.decode()
serve_in_background(address="127.0.0.1", port=PORT, token="TOKEN")
request = urllib.request.Request("http://127.0.0.1:PORT/")
request.add_header("Authorization", "Bearer TOKEN")
worker = urllib.request.urlopen(request, timeout=10).read().decode()
print(json.dumps({"web": web, "worker": worker}))
"""


class TestMultiprocessMode:
    def test_adds_up_what_each_process_counted(self, tmp_path, settings):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "supportcenter.settings.test",
            "DATABASE_URL": "sqlite://:memory:",
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        }

        def shell(code):
            result = subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", code],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            return result.stdout

        shell(RUN_A_TASK)
        shell(RUN_A_TASK)
        scrape = SCRAPE.replace("TOKEN", settings.METRICS_TOKEN)
        scraped = json.loads(shell(scrape.replace("PORT", str(closed_port()))).splitlines()[-1])

        assert count(scraped["web"], "probe.ok") == 2
        assert count(scraped["worker"], "probe.ok") == 2
