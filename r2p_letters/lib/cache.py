"""A Redis cache that a Redis outage cannot turn into server errors.

The cache holds rate-limit counters. When Redis cannot be reached (stopped, restarting, out of memory,
network cut), each operation is answered by a cache in this process's memory instead: the limits still
hold, counted by each server process for itself, the way they are counted without REDIS_URL. Redis is
tried again every RETRY_SECONDS, so an outage costs one failed attempt per process per period (a refused
connection is immediate; the connect timeout bounds a host that does not answer). The outage and the
recovery are logged once each.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Seconds to connect and to wait for an answer: Redis on the local network answers in a millisecond.
SOCKET_TIMEOUT = 0.5
# Counters kept in memory during an outage: enough for every client of a busy hour, a few MB at most.
FALLBACK_MAX_ENTRIES = 100_000


class _Health:
    """Whether one Redis server is failing, shared by the threads of a process (each has its own cache object)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0

    def failed(self, error: RedisError) -> None:
        with self.lock:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            if self.down_since is None:
                self.down_since = time.monotonic()
                logger.error(
                    "Redis cache unavailable (%s): rate limits are counted in each server process until it "
                    "is back (tried again every %.0f s)",
                    error,
                    RETRY_SECONDS,
                )

    def recovered(self) -> None:
        with self.lock:
            if self.down_since is not None:
                logger.warning("Redis cache available again after %.0f s", time.monotonic() - self.down_since)
                self.down_since = None


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


class RedisCacheWithFallback(RedisCache):
    """Django's Redis cache; while Redis fails, a per-process memory cache answers in its place."""

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": SOCKET_TIMEOUT,
            "socket_timeout": SOCKET_TIMEOUT,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        # Local-memory caches of one name share their entries within the process, whatever the thread.
        self._fallback = LocMemCache(
            f"redis-fallback:{server}",
            {
                **{
                    name: params[name]
                    for name in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
                    if name in params
                },
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )
        with _health_lock:
            self._health = _health.setdefault(str(server), _Health())

    def _call(self, name: str, *args, **kwargs):
        health = self._health
        if time.monotonic() >= health.retry_at:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                health.failed(error)
            else:
                if health.down_since is not None:
                    health.recovered()
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
