"""Each integration's own rate (`Integration.requests_per_minute`), counted in the shared
cache (settings.CACHES): every web node sees the same count."""

from rest_framework.throttling import SimpleRateThrottle

from ..models import Integration


class IntegrationRateThrottle(SimpleRateThrottle):
    scope = "integration"

    def __init__(self):
        # The rate is the integration's, known only once the request is authenticated.
        self.num_requests, self.duration = 0, 60

    def allow_request(self, request, view):
        integration = request.auth
        if not isinstance(integration, Integration):
            return True
        self.num_requests = integration.requests_per_minute
        self.rate = f"{self.num_requests}/min"
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return f"throttle:integration:{request.auth.pk}"
