"""How many suggestions a user may ask for: counted per minute in the shared cache
(settings.CACHES, which every web node shares), as the marketplace API counts its calls."""

import time

from django.conf import settings
from django.core.cache import cache


def suggestion_allowed(user_id: int, *, now: float | None = None) -> bool:
    """Count one more suggestion for this user in the current minute; False past the limit
    (`TRIAGE_SUGGESTIONS_PER_MINUTE`)."""
    minute = int((now if now is not None else time.time()) // 60)
    key = f"triage:suggestions:{user_id}:{minute}"
    if cache.add(key, 1, timeout=120):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=120)
            count = 1
    return count <= settings.TRIAGE_SUGGESTIONS_PER_MINUTE


def seconds_to_next_minute(now: float | None = None) -> int:
    now = now if now is not None else time.time()
    return max(1, 60 - int(now % 60))
