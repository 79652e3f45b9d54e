"""A language for tests that needs no catalogue: every sentence marked for translation reads ⟦wrapped⟧.

Lighter than tests/test_translations.py's pseudo-locale (no makemessages): it shows which words of a text were
looked up in the language active when the text was read, and so when the text was composed.
"""

import gettext
from contextlib import contextmanager

from django.utils import translation
from django.utils.translation import trans_real

CODE = "x-wrapped"


class _Wrapped(gettext.NullTranslations):
    def gettext(self, message):
        return f"⟦{message.rpartition(trans_real.CONTEXT_SEPARATOR)[2]}⟧"

    def ngettext(self, singular, plural, n):
        return f"⟦{singular if n == 1 else plural}⟧"

    def to_language(self):
        return CODE


@contextmanager
def wrapped_sentences():
    """Inside, every marked sentence read (gettext, ngettext, pgettext, lazy or not) comes back wrapped in ⟦…⟧."""
    trans_real._translations[CODE] = _Wrapped()
    try:
        with translation.override(CODE):
            yield
    finally:
        del trans_real._translations[CODE]
