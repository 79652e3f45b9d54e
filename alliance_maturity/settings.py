"""Settings for Alliance Maturity, read from the environment.

With nothing set, the app runs locally on SQLite with DEBUG on. Production sets
DEBUG=off, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (see README, "Production").
"""

from pathlib import Path

import environ
import plotly

from .json_logs import JSON_FORMATTER, STDERR_HANDLER

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
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
    "assessments",
    "jobs",
]

MIDDLEWARE = [
    # First: /healthz answers a load balancer's probe before host validation and the HTTPS redirect.
    "jobs.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each criteria change (the history the admin shows).
    "simple_history.middleware.HistoryRequestMiddleware",
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
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# plotly.js is served from the installed plotly package, so the page never needs the internet.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("plotly", Path(plotly.__file__).parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The largest criteria file the admin and `import_criteria` read, and answers file `score` reads.
INPUT_FILE_MAX_BYTES = env.int("INPUT_FILE_MAX_BYTES", default=1024 * 1024)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="alliance-maturity@localhost")

# Production hardening: on by default whenever DEBUG is off, so `check --deploy` passes.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None

# --- Background tasks, daily jobs, health check, logging (see README, "Production") ---
# Tasks wait in the database; `manage.py db_worker` runs them (make run and the Procfile start it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# run_daily purges finished jobs and task results older than this.
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=30)
# /healthz fails when a task ready to run has waited longer than this (seconds): no worker is running.
TASK_QUEUE_MAX_AGE = env.int("TASK_QUEUE_MAX_AGE", default=300)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# One JSON object a line on standard error, which log collectors read as they are.
LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"stderr": STDERR_HANDLER},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's own loggers go to the one JSON handler too, not also to its plain console one.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL}},
}
