"""The shared cache on a real Redis (settings: CACHE_URL=redis://…)."""

import importlib
import threading

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from supportcenter.cache import RedisCache

REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS, {"KEY_PREFIX": "test-cache"})
    try:
        cache.clear()
    except Exception as exc:
        pytest.fail(f"Redis does not answer at {REDIS}: {exc}")
    yield cache
    cache.clear()
    cache.close()


def test_keeps_one_client_per_pool_and_works_like_djangos(redis_cache):
    assert redis_cache._cache.get_client(write=True) is redis_cache._cache.get_client()

    redis_cache.set("greeting", {"hola": 1})
    assert redis_cache.add("counter", 0) is True
    assert redis_cache.incr("counter") == 1
    assert redis_cache.get("greeting") == {"hola": 1}
    # What Django's own client wrote under the same prefix, this one reads, and back.
    django_cache = DjangoRedisCache(REDIS, {"KEY_PREFIX": "test-cache"})
    assert django_cache.get("greeting") == {"hola": 1}
    django_cache.close()


def test_a_window_counter_counts_in_one_trip_and_expires(redis_cache):
    assert [redis_cache.incr_within("window", timeout=60) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.get("window") == 3
    client = redis_cache._cache.get_client(write=True)
    key = redis_cache.make_and_validate_key("window")
    assert 0 < client.ttl(key) <= 60
    client.expire(key, 5)
    redis_cache.incr_within("window", timeout=60)
    assert client.ttl(key) <= 5  # the first count set its life; later ones keep it


def test_the_shared_client_serves_threads_at_once(redis_cache):
    redis_cache.set("hits", 0)
    errors = []

    def hit():
        try:
            for _ in range(200):
                redis_cache.incr("hits")
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hit) for _ in range(4)]
    [thread.start() for thread in threads]
    [thread.join(timeout=30) for thread in threads]

    assert errors == []
    assert redis_cache.get("hits") == 800


def test_settings_use_it_for_a_redis_url(monkeypatch):
    from supportcenter.settings import base

    monkeypatch.setenv("CACHE_URL", REDIS)
    try:
        assert importlib.reload(base).CACHES["default"]["BACKEND"] == (
            "supportcenter.cache.RedisCache"
        )
    finally:
        monkeypatch.undo()
        importlib.reload(base)
