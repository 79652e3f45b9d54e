"""Settings for the test suite: the real settings, made quick and quiet."""

import os

# The settings fail closed (DEBUG off needs a SECRET_KEY); the tests sign with a key of their own.
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
# The test database is SQLite in memory (shared cache), whose locks are per table and never wait:
# write transactions that all open with the write lock would refuse the live server's concurrent
# requests at once. The real settings are proved on a file (tests/test_sqlite_concurrency.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    del DATABASES["default"]["OPTIONS"]["transaction_mode"]  # noqa: F405
