"""Django's Redis cache, with one client per connection pool instead of one per call.

Django's RedisCacheClient.get_client builds a new redis.Redis for every cache call (its
response callbacks included: about 0.1 ms each, several times a request: the API's rate
counter, the fragments, the alerts' flags). A redis.Redis is safe to share between
threads (it takes a connection from its pool for each command), so each pool keeps one.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # As Django's _get_connection_pool, for this index (it would draw another).
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients.setdefault(
                index, self._client(connection_pool=self._pools[index])
            )
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def incr_within(self, key, *, timeout: int, version=None) -> int:
        """Add one to a counter that lives `timeout` seconds from its first count, in one
        round trip (INCR, then EXPIRE NX in the same pipeline). Django's add and incr
        take three (SET NX, EXISTS, INCR). The value stays a plain integer: get() reads it."""
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        pipeline = client.pipeline(transaction=True)
        pipeline.incr(key)
        pipeline.expire(key, timeout, nx=True)
        count, _expiry_set = pipeline.execute()
        return count
