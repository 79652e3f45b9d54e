"""The checks behind /healthz: the database answers, the cache keeps a value, the task queue moves.

Each check answers True when healthy. A failing check logs why; the answer itself says only which
check failed, since anyone can ask it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Min, Q
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


def cache_keeps_a_value():
    # A key of its own per probe, so that probes at the same moment do not overwrite each other.
    key, value = f"healthz:{get_random_string(12)}", get_random_string(12)
    try:
        cache.set(key, value, timeout=10)
        kept = cache.get(key) == value
        cache.delete(key)
    except Exception:  # each cache backend raises its own errors (a Redis client's, a database's …)
        logger.exception("Health check: the cache fails")
        return False
    if not kept:
        logger.error("Health check: the cache does not keep a value")
    return kept


def oldest_ready_task_wait(*, now):
    """How long the task that has waited longest to run has waited; None when none is waiting."""
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY, backend_name=DEFAULT_TASK_BACKEND_ALIAS)
    oldest = ready.aggregate(
        # A task with no run_after (stored as the far future) waits from its enqueueing, a deferred one from its time.
        enqueued=Min("enqueued_at", filter=Q(run_after=get_date_max())),
        deferred=Min("run_after", filter=Q(run_after__lte=now)),
    )
    waiting_since = [moment for moment in oldest.values() if moment is not None]
    return now - min(waiting_since) if waiting_since else None


def task_queue_moves(*, now):
    """No task ready to run has waited longer than TASK_QUEUE_MAX_AGE seconds (database queue only)."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return True  # another queue (RQ …) is watched by its own tools
    try:
        wait = oldest_ready_task_wait(now=now)
    except DatabaseError:
        logger.exception("Health check: the task queue cannot be read")
        return False
    if wait is not None and wait > timedelta(seconds=settings.TASK_QUEUE_MAX_AGE):
        logger.error("Health check: a task has waited %s s to run; is a worker running?", int(wait.total_seconds()))
        return False
    return True


def health_report(*, now):
    """Each check's outcome ("ok" or "failing") and whether all passed."""
    checks = {
        "database": database_answers(),
        "cache": cache_keeps_a_value(),
        "task_queue": task_queue_moves(now=now),
    }
    return {
        "status": "ok" if all(checks.values()) else "failing",
        "checks": {name: "ok" if passed else "failing" for name, passed in checks.items()},
    }
