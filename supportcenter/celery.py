"""The Celery app. Settings live in Django settings under the CELERY_ namespace."""

import os

from celery import Celery, signals

from .database import use_background_timeouts

# Request ids carried into tasks, task outcome counters, the worker's metrics port.
from .ops import celery as _ops_signals  # noqa: F401

# A server or worker started without DJANGO_SETTINGS_MODULE runs the production settings
# (never in debug; they refuse to start without a real secret key). manage.py, for
# local work, defaults to the development settings (base).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportcenter.settings.production")

app = Celery("supportcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Packages inside an app with their own tasks module (autodiscovery looks at apps only).
app.autodiscover_tasks(["cases.eta", "cases.triage", "notifications.inbound"])

# `celery worker` and `celery beat` may wait on the database longer than a web request.
signals.celeryd_init.connect(use_background_timeouts, weak=False)
signals.beat_init.connect(use_background_timeouts, weak=False)
