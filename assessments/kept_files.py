"""A file someone uploaded, kept between two steps of a page (see what it does, then confirm).

It waits in `default_storage`, which every app server shares (README, "On more than one machine"),
not in one server's memory or session file; the page carries a signed token naming it and its owner.
A token is good once, for an hour, and only for the user it was given to. A file never confirmed is
deleted by the daily run once its token has expired (`delete_unconfirmed_uploads`).
"""

import datetime as dt
import uuid

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "kept-uploads"
SALT = "assessments.kept_files"
MAX_AGE_SECONDS = 3600
# A kept file's name starts with when it was kept (UTC), so that the daily run needs no storage's own dates.
KEPT_AT = "%Y%m%dT%H%M%SZ"


class FileGone(Exception):
    """The token is forged, stale or someone else's, or its file was already taken."""


def keep(text: str, *, user, now: dt.datetime) -> str:
    """Store `text` and return the token that takes it back."""
    kept_at = now.astimezone(dt.UTC).strftime(KEPT_AT)
    name = default_storage.save(f"{FOLDER}/{kept_at}-{uuid.uuid4().hex}.txt", ContentFile(text.encode("utf-8")))
    return signing.dumps({"name": name, "user": user.pk}, salt=SALT)


def take(token: str, *, user) -> str:
    """The text kept under `token`, removed from the storage (a token is good once)."""
    try:
        kept = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise FileGone from None
    if kept["user"] != user.pk or not default_storage.exists(kept["name"]):
        raise FileGone
    with default_storage.open(kept["name"]) as file:
        text = file.read().decode("utf-8")
    default_storage.delete(kept["name"])
    return text


def delete_unconfirmed_uploads(*, now: dt.datetime) -> int:
    """Delete the kept files whose token has expired, never confirmed (a daily job); how many were deleted.

    A name without a readable time (none is made so) counts as expired: nothing else should wait here.
    """
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    expired_before = now - dt.timedelta(seconds=MAX_AGE_SECONDS)
    expired = [name for name in names if _kept_at(name) is None or _kept_at(name) < expired_before]
    for name in expired:
        default_storage.delete(f"{FOLDER}/{name}")
    return len(expired)


def _kept_at(name: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(name.partition("-")[0], KEPT_AT).replace(tzinfo=dt.UTC)
    except ValueError:
        return None
