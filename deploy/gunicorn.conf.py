"""Gunicorn settings of the web process (systemd/supportcenter-web.service, Procfile).

    gunicorn supportcenter.wsgi --config deploy/gunicorn.conf.py

Everything can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import os
from pathlib import Path

# A private address: the load balancer (or the TLS proxy) is the only client.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each serves one request at a time. About 2 per core, then add machines.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 30
graceful_timeout = 30
# Restart each worker now and then, staggered, so a slow leak never adds up.
max_requests = 20000
max_requests_jitter = 2000
# No control socket (gunicornc): reloads go through HUP (systemctl reload), and a service
# user may have no home to put the socket in.
control_socket_disable = True
# Behind the proxy: trust its X-Forwarded-* only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# One JSON object per line, like the app's own logs (supportcenter/settings/production.py);
# each access line carries the request id the app answered with.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    # Replaces gunicorn's default root logger (the app's LOGGING takes it over later).
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}


def on_starting(server):
    """Metrics of a previous run must not be added to this one's (prometheus_client's
    multiprocess mode; systemd's RuntimeDirectory= gives a fresh folder anyway)."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for leftover in Path(folder).glob("*.db"):
            leftover.unlink()


def child_exit(server, worker):
    """A worker that exits leaves its counters to be summed; its live gauges go."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
