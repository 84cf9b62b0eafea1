"""The endpoints machines call: the load balancer's health checks and Prometheus.

They are answered by MachineEndpointsMiddleware, right after SecurityMiddleware and
before everything that serves people, because of who calls them and how:
- by a node's address (`http://10.0.3.7:8000/salud/`), not the site's name: Django's host
  validation (`request.get_host()`, first called by CommonMiddleware) would refuse that
  Host with a 400. These views never read the host, so skipping it is safe: they build
  no link and answer the same to any host;
- over plain HTTP inside the private network: SECURE_REDIRECT_EXEMPT (production) keeps
  SecurityMiddleware from redirecting them to https;
- every few seconds: no session, no user, no CSRF, no login throttling (django-axes only
  acts on logins) and, for liveness, no database query.
The URL patterns are there too, so the addresses have names and a place in the
authorisation matrix, and so they still work if the middleware is taken out.
"""

from django.urls import path

from . import health, metrics

urlpatterns = [
    path("salud/", health.liveness, name="health_live"),
    path("salud/lista/", health.readiness, name="health_ready"),
    path("metricas/", metrics.metrics, name="metrics"),
]

# Mounted at the root of the site (supportcenter/urls.py).
VIEWS = {f"/{pattern.pattern}": pattern.callback for pattern in urlpatterns}


class MachineEndpointsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        return view(request)
