"""Why a criteria record changed, as its history keeps it: a code and the version it names, worded when a page
shows it, in the reader's language.

Records kept before the codes hold the English words ("Copied from v1"; migration 0021 writes "Loaded from a
criteria file"): `worded` reads those back to the same sentence.
"""

import re

from django.utils.translation import gettext_lazy as _

COPIED = "copied"
PUBLISHED = "published"
RETIRED = "retired"
LOADED = "loaded"
SENTENCES = {
    COPIED: _("Copied from v%(version)s"),
    PUBLISHED: _("Published"),
    RETIRED: _("Retired by publishing v%(version)s"),
    LOADED: _("Loaded from a criteria file"),
}
ENGLISH = {
    re.compile(r"Copied from v(\d+)"): COPIED,
    re.compile(r"Published()"): PUBLISHED,
    re.compile(r"Retired by publishing v(\d+)"): RETIRED,
    re.compile(r"Loaded from a criteria file()"): LOADED,
}


def kept(code: str, version: int | None = None) -> str:
    """The reason as the history keeps it: "copied:3", "published"."""
    return code if version is None else f"{code}:{version}"


def worded(reason: str | None) -> str:
    """The sentence of a kept reason; a reason of no known form as it was written."""
    if not reason:
        return ""
    code, _colon, version = reason.partition(":")
    for english, known in ENGLISH.items():
        if match := english.fullmatch(reason):
            code, version = known, match.group(1)
    return str(SENTENCES[code]) % {"version": version} if code in SENTENCES else reason
