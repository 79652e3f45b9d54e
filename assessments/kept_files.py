"""A file someone uploaded, kept between two steps of a page (see what it does, then confirm).

It waits in `default_storage`, which every app server shares (README, "On more than one machine"),
not in one server's memory or session file; the page carries a signed token naming it and its owner.
A token is good once, for an hour, and only for the user it was given to.
"""

import uuid

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "kept-uploads"
SALT = "assessments.kept_files"
MAX_AGE_SECONDS = 3600


class FileGone(Exception):
    """The token is forged, stale or someone else's, or its file was already taken."""


def keep(text: str, *, user) -> str:
    """Store `text` and return the token that takes it back."""
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.txt", ContentFile(text.encode("utf-8")))
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
