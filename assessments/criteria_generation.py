"""The criteria's generation: a token in the shared cache that every change to the criteria replaces.

What is cached from the criteria (a version's sections, see questionnaire.py) is stored with the
generation it was built in and is stale once the generation differs, so every process of a
deployment sees a rename as soon as it is saved (djangoproject.com's dashboard does the same with
`generation_key()` / `reset_generation_key()`). Tokens are random rather than counted up: a cache
that lost the token (evicted, cleared) can never hand an old generation back.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "criteria:generation"


def current_generation(key: str = GENERATION_KEY) -> str:
    """The criteria's generation now (or another token's, by its `key`), made on the first call after the cache
    lost it (one cache read)."""
    generation = cache.get(key)
    if generation is not None:
        return generation
    made = uuid.uuid4().hex
    # Another process may have made one in between: theirs wins, so both agree.
    if cache.add(key, made, timeout=None):
        return made
    return cache.get(key) or made


def bump_generation(key: str = GENERATION_KEY) -> None:
    """Mark everything cached from the criteria stale, now and again when the change commits.

    The first bump is seen at once by this transaction (and, with the database cache, commits or
    rolls back with the change). The second is for a cache outside the database (Redis): another
    process may have cached the old names under the first new token before the change committed.
    """
    cache.set(key, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, timeout=None))
