"""Settings for Alliance Maturity, read from the environment.

Fail closed: with nothing set DEBUG is off and SECRET_KEY is required. `make run` writes a
local `.env` with DEBUG=on for the demo; production sets SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and HTTPS=on (see README, "Production").
"""

import datetime as dt
from pathlib import Path

import environ

from .json_logs import JSON_FORMATTER, MASK_LINK_TOKENS, STDERR_HANDLER

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` (the demo's, written by `make run`); ENV_FILE names another, /dev/null none.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)
# The fallback key only ever signs local development sessions; production must set its own.
SECRET_KEY = env.str("SECRET_KEY", default="local-development-only-not-a-secret" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "assessments",
    "jobs",
    "actions",
]

MIDDLEWARE = [
    # First: /healthz answers a load balancer's probe before host validation and the HTTPS redirect.
    "jobs.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "assessments.session_refresh.SessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each criteria change (the history the admin shows).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it turns a lockout found while signing in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Outermost, so that a database failure anywhere below it (even the session read before any view)
# reaches the questionnaire's autosave as JSON it retries on (assessments/middleware.py).
MIDDLEWARE.insert(0, "assessments.middleware.database_outage")

ROOT_URLCONF = "alliance_maturity.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "alliance_maturity.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A persistent connection that a database restart broke is replaced before a request uses it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# SQLite only: a write transaction takes the write lock as it opens (one that read first would be
# refused "database is locked" at once when it came to write), waits up to 20 s for it (Python's
# `timeout` is SQLite's busy timeout), and readers never hold up the writer (the WAL journal).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    } | DATABASES["default"].get("OPTIONS", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache every process of a deployment shares (a table in the app's own database by default;
# `redis://…` or any other django-environ cache URL in CACHE_URL for Redis). `make run` creates
# the table; the test runner makes its own.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://django_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    # Past this many entries the table is culled: expired ones first, then a third of the rest in key order, which
    # would take the dashboard's kept figures first. Django's 300 is a few changes' worth of the dashboard's.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("DB_CACHE_MAX_ENTRIES", default=20_000)
    )

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out sign-in is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# British English is the source language: its catalogue (`make messages`) gives each sentence back unchanged,
# found at the first lookup instead of after every catalogue Django and its apps bring.
LOCALE_PATHS = [BASE_DIR / "alliance_maturity" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# plotly.js is served from the installed plotly package, so the page never needs the internet; only
# plotly.min.js is taken from it (assessments/static_files.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "assessments.static_files.PlotlyFinder",
]
# Files written by tasks (exports) for people to download: a folder every machine shares (see README).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# The local run serves static files as production does: what collectstatic compressed (gzip),
# under names with their hash, cached for good. `make run` collects them first; WhiteNoise serves only
# those, never the source folders (which DEBUG alone would make it do, uncompressed).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The largest criteria file the admin and `import_criteria` read, and answers file `score` reads.
INPUT_FILE_MAX_BYTES = env.int("INPUT_FILE_MAX_BYTES", default=1024 * 1024)
# A questionnaire version's admin page posts 14 fields per item (81 items in version 2): Django's
# default limit of 1,000 fields would refuse its save.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="alliance-maturity@localhost")

# --- Surveys (README, "Invitations") ---
# Our side of every alliance, named on the first page an invitee sees; the partner's name is the alliance's.
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="Our company")
# Where the site is reached from outside: personal links in mails (sent by the task worker, with no request at hand).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# A personal link's cookie lasts this long in the browser; the round's deadline and state end it sooner.
INVITATION_COOKIE_DAYS = env.int("INVITATION_COOKIE_DAYS", default=90)
# The daily reminder goes, once a day, to each invitee who has not handed in, this many days before the deadline.
REMINDER_DAYS_BEFORE_DEADLINE = env.int("REMINDER_DAYS_BEFORE_DEADLINE", default=3)

# HTTPS switches: their own variable, not DEBUG, so a production-mode server also runs on
# http://127.0.0.1 (load tests). Production sets HTTPS=on, and `check --deploy` passes.
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None

# --- Background tasks, daily jobs, health check, logging (see README, "Production") ---
# Tasks wait in the database; `manage.py db_worker` runs them (make run and the Procfile start it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# run_daily purges finished jobs and task results older than this.
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=30)
# Days after a survey closes that its respondents' e-mail addresses are kept, for questions about it (run_daily).
RESPONDENT_EMAIL_KEEP_DAYS = env.int("RESPONDENT_EMAIL_KEEP_DAYS", default=90)
# /healthz fails when a task ready to run has waited longer than this (seconds): no worker is running.
TASK_QUEUE_MAX_AGE = env.int("TASK_QUEUE_MAX_AGE", default=300)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# One JSON object a line on standard error, which log collectors read as they are.
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "filters": {"mask_link_tokens": MASK_LINK_TOKENS},
    "handlers": {"stderr": STDERR_HANDLER},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's own loggers go to the one JSON handler too, not also to its plain console one.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL}},
}

# --- Security: sign-in lockout, password-reset limit, headers, idle sessions -----------------

# Sign-in lockout (django-axes): a user name tried from one address is locked after a few
# failures; an address alone, whatever the user names, after more (assessments/lockout.py).
AXES_HANDLER = "assessments.lockout.PairAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_CALLABLE = "assessments.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Behind the TLS proxy every request comes from the proxy: the client is the address the proxy
# appended last to X-Forwarded-For (anything to its left the client could have typed).
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_TLS_PROXY else ("REMOTE_ADDR",)

# Password-reset requests per client address and per email address, in Django's cache so every
# server process counts the same requests (assessments/views/password_reset.py).
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", default=5)
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)

# Content-Security-Policy (django-csp): scripts only from our own static files. Inline styles
# are allowed because plotly.js and the admin's widgets set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"

# A session ends after a working day without activity; activity renews it at most every few
# minutes, so an autosave does not write the session each time (assessments/session_refresh.py).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_HOURS", default=9) * 3600
SESSION_REFRESH_MINUTES = env.int("SESSION_REFRESH_MINUTES", default=5)
SESSION_SAVE_EVERY_REQUEST = False
