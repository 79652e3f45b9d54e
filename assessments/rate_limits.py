"""Request limits counted in Django's cache, so that every server process counts the same requests."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    """At most `count` requests per key in each fixed window of `window`."""

    scope: str
    count: int
    window: dt.timedelta


def count_request(limit: Limit, keys: list[str], *, now: dt.datetime) -> dt.datetime | None:
    """Count one request under each key; if a key is past its limit, when the window ends (to try again), else None."""
    seconds = int(limit.window.total_seconds())
    window_start = int(now.timestamp()) // seconds * seconds
    over = False
    for key in keys:
        digest = hashlib.sha256(key.encode()).hexdigest()  # any text becomes a valid cache key
        cache_key = f"rate-limit:{limit.scope}:{digest}:{window_start}"
        cache.add(cache_key, 0, timeout=seconds)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window's entry expired between add and incr
            cache.set(cache_key, 1, timeout=seconds)
            count = 1
        over = over or count > limit.count
    return dt.datetime.fromtimestamp(window_start + seconds, tz=dt.UTC) if over else None
