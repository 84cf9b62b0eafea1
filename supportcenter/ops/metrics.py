"""`/metricas/`: the Prometheus metrics of this web process group, behind a token.

Requests by view and status, their latency and the SQL queries come from
django-prometheus (its middleware and database backends, see the settings); Celery
task outcomes from `supportcenter.ops.celery`; and, computed at each scrape with one
cheap query each, what is waiting in the database: the collectors of METRICS_COLLECTORS.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client.exposition import choose_encoder

from .exposition import Scrape, bearer_matches

logger = logging.getLogger(__name__)


class _Guarded:
    """A collector whose query fails (the database is down) leaves the rest of the
    scrape standing: the request and task metrics matter most right then."""

    def __init__(self, path: str):
        self.path = path

    def collect(self):
        try:
            yield from list(import_string(self.path)().collect())
        except Exception:
            logger.exception("Metrics: the collector %s failed.", self.path)


@never_cache
@require_safe
def metrics(request):
    token = settings.METRICS_TOKEN
    if not token:
        # Off: nothing to scrape. A plain answer: the site's 404 page needs the stack
        # this endpoint skips (MachineEndpointsMiddleware).
        return HttpResponse("not found\n", status=404, content_type="text/plain")
    if not bearer_matches(request.headers.get("Authorization", ""), token):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    scrape = Scrape(*(_Guarded(path) for path in settings.METRICS_COLLECTORS))
    # The Prometheus text format, or OpenMetrics when the scraper asks for it.
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    return HttpResponse(encode(scrape), content_type=content_type)
