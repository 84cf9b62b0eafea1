"""Celery wiring of the operations tooling, connected when the Celery app loads.

- Request ids: a task published while a request (or another task) runs carries its id
  in a message header; the worker makes it current while the task runs, so the task's
  log lines, and those of the emails it sends, share the request's id. A task with no
  such header (celery beat's) runs under its own task id.
- Task outcomes: a counter per task and outcome (succeeded, failed, retried, revoked).
- The worker's metrics port (METRICS_WORKER_PORT), served by its main process.
"""

import logging
import os

from celery import signals
from prometheus_client import Counter, multiprocess

from . import request_id
from .exposition import MULTIPROC_ENV, multiprocess_mode, serve_in_background

logger = logging.getLogger(__name__)

HEADER = "request_id"

TASKS = Counter(
    "supportcenter_celery_tasks",
    "Celery tasks run, by task and outcome.",
    ["task", "outcome"],
)

# task id -> the context tokens to restore when the task ends (a stack: an eager retry
# runs the same task id again inside the first run).
_tokens: dict[str, list] = {}


@signals.before_task_publish.connect(dispatch_uid="ops.request_id.publish")
def _carry_request_id(headers=None, **kwargs):
    current = request_id.current()
    if current and headers is not None:
        headers.setdefault(HEADER, current)


@signals.task_prerun.connect(dispatch_uid="ops.request_id.prerun")
def _adopt_request_id(task_id=None, task=None, **kwargs):
    # Eagerly run (no broker, or the tests) the task is inside the request: keep its id.
    carried = getattr(task.request, HEADER, None) if task is not None else None
    chosen = carried if request_id.valid(carried) else request_id.current() or task_id
    _tokens.setdefault(task_id, []).append(request_id.activate(chosen))


@signals.task_postrun.connect(dispatch_uid="ops.request_id.postrun")
def _drop_request_id(task_id=None, **kwargs):
    stack = _tokens.get(task_id)
    if stack:
        request_id.reset(stack.pop())
        if not stack:
            del _tokens[task_id]


def _count(task, outcome: str) -> None:
    name = getattr(task, "name", None) or str(task)
    TASKS.labels(task=name, outcome=outcome).inc()


@signals.task_success.connect(dispatch_uid="ops.metrics.success")
def _succeeded(sender=None, **kwargs):
    _count(sender, "succeeded")


@signals.task_failure.connect(dispatch_uid="ops.metrics.failure")
def _failed(sender=None, **kwargs):
    _count(sender, "failed")


@signals.task_retry.connect(dispatch_uid="ops.metrics.retry")
def _retried(sender=None, **kwargs):
    _count(sender, "retried")


@signals.task_revoked.connect(dispatch_uid="ops.metrics.revoked")
def _revoked(sender=None, **kwargs):
    _count(sender, "revoked")


# Once the pool runs: its processes are forked without the listening socket.
@signals.worker_ready.connect(dispatch_uid="ops.metrics.worker_port")
def _serve_worker_metrics(**kwargs):
    from django.conf import settings

    port = getattr(settings, "METRICS_WORKER_PORT", None)
    if not port:
        return
    if not settings.METRICS_TOKEN:
        logger.error("METRICS_WORKER_PORT is set but METRICS_TOKEN is not: no metrics port.")
        return
    if not multiprocess_mode():
        logger.warning(
            "Metrics on port %s without %s: a prefork pool's tasks are counted in its "
            "children and will not show; set it (see README, Deployment).",
            port,
            MULTIPROC_ENV,
        )
    serve_in_background(
        address=settings.METRICS_WORKER_ADDRESS, port=port, token=settings.METRICS_TOKEN
    )
    logger.info("Worker metrics on %s:%s.", settings.METRICS_WORKER_ADDRESS or "*", port)


@signals.worker_process_shutdown.connect(dispatch_uid="ops.metrics.process_dead")
def _forget_process(**kwargs):
    # prometheus_client's multiprocess docs: tell it a pool process is gone.
    if multiprocess_mode():
        multiprocess.mark_process_dead(os.getpid())
