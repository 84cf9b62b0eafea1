"""Nothing is kept on a web node: the portal served by two gunicorn processes on two ports,
over the same PostgreSQL, Redis and object storage (moto's S3 server), as two machines
behind a load balancer. A seller logs in on one and carries on on the other with the same
cookie, files uploaded through one are downloaded through the other, the login lockout and
the API's rate limit count across both.

The nodes run the bench settings: production's, served over plain HTTP on loopback (no TLS
proxy in the test), with static files unhashed (no collectstatic step).
"""

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from kombu import Connection

from accounts.tests.factories import PASSWORD, UserFactory
from cases.models import Case
from cases.services.pending_tasks import task_open
from cases.tests.factories import PDF_BYTES, PNG_BYTES, CauseFactory
from cases.tests.wizard_helpers import PREFIX, step_url
from customers.tests.factories import make_integration

from .object_storage import free_port, s3_environment, wait_until_answers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(settings.BASE_DIR)
START_TIMEOUT_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 30


@dataclass
class Answer:
    status: int
    headers: dict
    body: str


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser: its cookies go to whichever node answers the next request."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirects)

    def request(self, node: str, path: str, *, data=None, files=None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None or files:
            data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            if files:
                boundary = uuid.uuid4().hex
                body = multipart(data, files, boundary)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urlencode(data).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = node + path
        request = urllib.request.Request(node + path, data=body, headers=headers)
        try:
            answer = self.opener.open(request, timeout=REQUEST_TIMEOUT_SECONDS)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            answer = error
        with answer:
            for header in answer.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Answer(
                answer.status,
                {k.lower(): v for k, v in answer.headers.items()},
                answer.read().decode(errors="replace"),
            )

    def get(self, node, path):
        return self.request(node, path)

    def post(self, node, path, data, files=None):
        return self.request(node, path, data=data, files=files)


def multipart(data: dict, files: dict, boundary: str) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in data.items()
    ]
    for name, (file_name, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_SECONDS) as answer:
        return answer.status, answer.read()


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def nodes(django_db_setup, s3_server, tmp_path_factory):
    """Two gunicorn processes, alike but for their port and their own disk (which must stay
    empty); yields their base URLs. Started once for the tests of this module."""
    bucket = s3_server.new_bucket()
    broker = settings.CELERY_BROKER_URL
    folder = tmp_path_factory.mktemp("nodes")
    environment = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "AWS_", "PROMETHEUS_"))
        },
        "DJANGO_SETTINGS_MODULE": "supportcenter.settings.bench",
        "DJANGO_SECRET_KEY": "two-nodes-" + "s3cr3t-" * 8,
        "DATABASE_URL": database_url(),
        # No worker reads it here: what the nodes queue is purged after the tests.
        "CELERY_BROKER_URL": broker,
        # A prefix of this run: a rate counter of an earlier run never counts here.
        "CACHE_URL": f"{broker}?key_prefix=two-nodes-{uuid.uuid4().hex[:8]}",
        "WEB_CONCURRENCY": "1",
        **s3_environment(s3_server.endpoint_url, bucket),
    }
    processes, urls, logs = [], [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = (folder / f"node-{name}.log").open("wb")
            logs.append(log)
            disk = folder / f"media-{name}"
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).with_name("gunicorn")),
                        "supportcenter.wsgi",
                        "--config",
                        "deploy/gunicorn.conf.py",
                    ],
                    cwd=ROOT,
                    env={
                        **environment,
                        "GUNICORN_BIND": f"127.0.0.1:{port}",
                        "DJANGO_MEDIA_ROOT": str(disk),
                    },
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            wait_until_answers(f"{url}/salud/", process=process, timeout=START_TIMEOUT_SECONDS)
        yield urls
        # Everything went to the bucket, nothing to a node's own disk.
        assert not [p for p in folder.glob("media-*/**/*") if p.is_file()]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for log in logs:
            log.close()
        with Connection(broker, connect_timeout=5) as purge:
            purge.default_channel.queue_purge("celery")
        for log in sorted(folder.glob("node-*.log")):
            sys.stderr.write(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}\n")


@pytest.fixture
def seller_login(seller):
    """A user of the seller whose password the nodes can check (their production hashers)."""
    user = UserFactory(seller=seller, email="ana@tiendauno.cl", full_name="Ana Pérez")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "twonodessalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def log_in(browser: Browser, node: str, email: str) -> Answer:
    browser.get(node, reverse("accounts:login"))
    return browser.post(node, reverse("accounts:login"), {"username": email, "password": PASSWORD})


def submission_key(page: str) -> str:
    tag = re.search(r"<input[^>]*name=\"resumen-submission_key\"[^>]*>", page).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


class TestTwoWebNodes:
    def test_a_seller_moves_between_nodes_with_one_session_and_the_same_files(
        self, nodes, seller_login, agent
    ):
        a, b = nodes
        cause = CauseFactory()
        browser = Browser()

        assert log_in(browser, a, seller_login.email).status == HTTPStatus.FOUND
        home = browser.get(b, reverse("cases:support_home"))
        assert home.status == HTTPStatus.OK and "ana@tiendauno.cl" in home.body

        # CREAR CASO: the steps on A, the file staged through A, the summary and the
        # confirmation on B (the wizard lives in the session, the file in the bucket).
        step = f"{PREFIX}-current_step"
        browser.post(
            a, step_url("tipo"), {step: "tipo", "tipo-record_type": cause.area.record_type_id}
        )
        browser.post(a, step_url("area"), {step: "area", "area-area": cause.area_id})
        browser.post(a, step_url("causa"), {step: "causa", "causa-cause": cause.pk})
        staged = browser.post(
            a,
            step_url("datos"),
            {step: "datos", "datos-subject": "Pago no recibido", "datos-description": "Adjunto."},
            files={"datos-attachments": ("liquidacion.pdf", PDF_BYTES, "application/pdf")},
        )
        assert staged.status == HTTPStatus.FOUND, staged.body[:2000]
        summary = browser.get(b, step_url("resumen"))
        assert summary.status == HTTPStatus.OK and "liquidacion.pdf" in summary.body
        created = browser.post(
            b,
            step_url("resumen"),
            {step: "resumen", "resumen-submission_key": submission_key(summary.body)},
        )
        assert created.status == HTTPStatus.FOUND, created.body[:2000]
        case = Case.objects.get(seller=seller_login.seller)
        attachment = case.attachments.get()

        # Downloaded through A: checked there, served by the storage.
        download = browser.get(a, attachment.get_absolute_url())
        assert download.status == HTTPStatus.FOUND
        assert fetch(download.headers["location"]) == (HTTPStatus.OK, PDF_BYTES)

        # An agent asks for more; the seller answers with a file through B, and the file is
        # downloaded through A.
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")
        answered = browser.post(
            b,
            reverse("cases:task_answer", args=[case.number, task.pk]),
            {f"tarea-{task.pk}-answer": "Va la boleta."},
            files={f"tarea-{task.pk}-files": ("boleta.png", PNG_BYTES, "image/png")},
        )
        assert answered.status == HTTPStatus.FOUND, answered.body[:2000]
        page = browser.get(a, case.get_absolute_url())
        assert "Va la boleta." in page.body and "boleta.png" in page.body
        answer_file = case.attachments.get(task=task)
        download = browser.get(a, answer_file.get_absolute_url())
        assert fetch(download.headers["location"]) == (HTTPStatus.OK, PNG_BYTES)

        # Logged out on B: the session is gone on A too.
        browser.post(b, reverse("accounts:logout"), {})
        assert browser.get(a, reverse("cases:support_home")).status == HTTPStatus.FOUND

    def test_the_login_lockout_counts_the_failures_on_every_node(self, nodes, seller_login):
        a, b = nodes
        browser = Browser()
        browser.get(a, reverse("accounts:login"))
        for node in (a, b, a, b, a):
            browser.post(
                node,
                reverse("accounts:login"),
                {"username": seller_login.email, "password": "not-the-password"},
            )

        answer = log_in(browser, b, seller_login.email)

        assert answer.status == HTTPStatus.TOO_MANY_REQUESTS

    def test_the_apis_rate_limit_counts_the_requests_on_every_node(self, nodes, seller):
        a, b = nodes
        integration, token = make_integration(seller, requests_per_minute=2)
        path = reverse("customers_api:attachment", args=[uuid.uuid4()])

        def call(node):
            request = urllib.request.Request(
                node + path, headers={"Authorization": f"Bearer {token}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_SECONDS) as answer:
                    return answer.status
            except urllib.error.HTTPError as error:
                return error.code

        assert [call(a), call(b), call(a)] == [
            HTTPStatus.NOT_FOUND,
            HTTPStatus.NOT_FOUND,
            HTTPStatus.TOO_MANY_REQUESTS,
        ]
