"""Locust, driven by bench/run.py: every user is the largest seller, logged in once.

The run is a sequence of phases, one per page (BENCH_PLAN lists them): for PHASE
seconds all users request that page, as fast as the server answers (a fixed
concurrency, no think time). The first WARMUP seconds of each phase are not counted.
The last phase files cases through the whole CREAR CASO wizard. Each sample keeps the
client's latency, the server's own time (the Server-Timing header of the bench settings)
and its SQL count (X-SQL-Queries); they are written to BENCH_RESULTS when the run ends.
"""

import json
import os
import re
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

import gevent
from locust import FastHttpUser, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import cpu  # locust puts only bench/ itself on the path

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
PHASE, WARMUP = PLAN["phase_seconds"], PLAN["warmup_seconds"]
PHASES = PLAN["phases"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="resumen-submission_key" value="([^"]+)"')
SERVER_TIME = re.compile(r"dur=([0-9.]+)")

samples: dict[str, dict] = defaultdict(
    lambda: {"client_ms": [], "server_ms": [], "sql": [], "failures": 0, "phase": None}
)
clock = {"start": None}
# A CPU snapshot when each phase starts (and one at the end): what other processes took.
phase_cpu: dict[int, cpu.Snapshot] = {}


def current_phase() -> tuple[int, bool]:
    """The phase running now, and whether it is past its warm-up."""
    elapsed = time.monotonic() - clock["start"]
    return int(elapsed // PHASE), elapsed % PHASE >= WARMUP


@events.test_start.add_listener
def _start(environment, **kwargs):
    # Users log in during the first seconds; the first phase starts after that.
    clock["start"] = time.monotonic() + PLAN["login_seconds"]


@events.request.add_listener
def _record(name, response_time, response, exception, context, **kwargs):
    if not context or not context.get("counted"):
        return
    entry = samples[name]
    entry["phase"] = context["phase"]
    if exception is not None:
        entry["failures"] += 1
        return
    entry["client_ms"].append(response_time)
    timing = SERVER_TIME.search(response.headers.get("Server-Timing") or "")
    if timing:
        entry["server_ms"].append(float(timing.group(1)))
    if response.headers.get("X-SQL-Queries"):
        entry["sql"].append(int(response.headers["X-SQL-Queries"]))


@events.quitting.add_listener
def _write(environment, **kwargs):
    marks = [phase_cpu[i] for i in sorted(phase_cpu)] + [cpu.snapshot()]
    others = {
        index: cpu.others_share(start, end)
        for index, start, end in zip(sorted(phase_cpu), marks, marks[1:], strict=False)
    }
    with open(os.environ["BENCH_RESULTS"], "w", encoding="utf-8") as out:
        json.dump(
            {
                "phase_seconds": PHASE,
                "warmup_seconds": WARMUP,
                "pages": samples,
                "others_cpu": others,  # by phase index
            },
            out,
        )


class Seller(FastHttpUser):
    # Loopback: no network in the way, the server is the bottleneck.
    connection_timeout = 30
    network_timeout = 60

    def on_start(self):
        page = self.client.get(PLAN["login_path"], name="login")
        self.client.post(
            PLAN["login_path"],
            data={
                "username": PLAN["email"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            },
            name="login",
            allow_redirects=False,
        )

    @task
    def run_phase(self):
        while clock["start"] is None or time.monotonic() < clock["start"]:
            gevent.sleep(0.05)
        index, counted = current_phase()
        if index >= len(PHASES):
            gevent.sleep(1)
            return
        if index not in phase_cpu:
            phase_cpu[index] = cpu.snapshot()
        phase = PHASES[index]
        context = {"phase": index, "counted": counted}
        if phase["kind"] == "wizard":
            self.file_a_case(phase, context)
        elif phase["kind"] == "api":
            self.push_a_question(phase, context)
        else:
            self.client.get(phase["path"], name=phase["name"], context=context)

    def push_a_question(self, plan: dict, context: dict):
        """The marketplace's POST of a new buyer question (a new id each time)."""
        n = uuid.uuid4().hex
        payload = {
            "id": f"BENCH-{n}",
            "seller_code": plan["seller_code"],
            "kind": "question",
            "product": {"sku": "SKU-CAF-12", "title": "Cafetera Andina 12 tazas"},
            "buyer": {"name": "Comprador Bench", "relay_email": f"{n}@relay.example"},
            "message": {"id": f"BENCH-M-{n}", "body": "Hola, ¿tienen stock en negro?"},
        }
        self.client.post(
            plan["path"],
            data=json.dumps(payload),
            headers={
                "Authorization": f"Bearer {plan['token']}",
                "Content-Type": "application/json",
            },
            name=plan["name"],
            context=context,
        )

    def file_a_case(self, plan: dict, context: dict):
        started = time.monotonic()
        base = plan["path"]
        get, post = self.client.get, self.client.post
        get(f"{base}?reset=1", name="wizard: start", allow_redirects=False, context=context)
        for step, data in (
            ("tipo", {"record_type": plan["record_type"]}),
            ("area", {"area": plan["area"]}),
            ("causa", {"cause": plan["cause"]}),
            (
                "datos",
                {
                    **plan["answers"],
                    "subject": plan["subject"],
                    "description": plan["description"],
                },
            ),
        ):
            page = get(f"{base}{step}/", name=f"wizard: {step} (GET)", context=context)
            token = CSRF.search(page.text).group(1)
            form = {f"{step}-{key}": value for key, value in data.items()}
            form.update({"case_create_wizard-current_step": step, "csrfmiddlewaretoken": token})
            post(f"{base}{step}/", data=form, name=f"wizard: {step} (POST)",
                 allow_redirects=False, context=context)  # fmt: skip
        page = get(f"{base}resumen/", name="wizard: resumen (GET)", context=context)
        key = SUBMISSION_KEY.search(page.text).group(1)
        done = post(
            f"{base}resumen/",
            data={
                "resumen-submission_key": key,
                "case_create_wizard-current_step": "resumen",
                "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            },
            name="wizard: resumen (POST) = case created",
            allow_redirects=False,
            context=context,
        )
        get(done.headers["Location"], name="wizard: summary sheet (GET)", context=context)
        if context["counted"]:
            entry = samples["CREAR CASO: the whole wizard (11 requests)"]
            entry["phase"] = context["phase"]
            entry["client_ms"].append((time.monotonic() - started) * 1000)
