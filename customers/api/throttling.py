"""Each integration's own rate (`Integration.requests_per_minute`), counted in the shared
cache (settings.CACHES): every web node sees the same count.

A fixed one-minute window, one atomic increment per call. DRF's SimpleRateThrottle keeps
the time of every request of the last minute in one cache entry and rewrites it on each
call, a cost that grows with the rate it is meant to allow; a window counter costs the
same at 10 or 10,000 a minute. The price: up to twice the rate across a window boundary.
"""

import math
import time

from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from ..models import Integration

WINDOW_SECONDS = 60


class IntegrationRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        integration = request.auth
        if not isinstance(integration, Integration):
            return True
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"throttle:integration:{integration.pk}:{window}"
        # Kept past its window so a slow clock on another node still finds it.
        if hasattr(cache, "incr_within"):  # Redis (supportcenter/cache.py): one round trip
            count = cache.incr_within(key, timeout=2 * WINDOW_SECONDS)
        else:
            count = self._count(key)
        self.retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        return count <= integration.requests_per_minute

    @staticmethod
    def _count(key: str) -> int:
        cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
        try:
            return cache.incr(key)
        except ValueError:  # evicted between the two calls
            cache.set(key, 1, timeout=2 * WINDOW_SECONDS)
            return 1

    def wait(self):
        return self.retry_after
