"""gunicorn's settings, from the environment (README, "Production"); the Procfile's web line uses them."""

import os

from alliance_maturity.json_logs import JSON_FORMATTER, MASK_LINK_TOKENS, STDERR_HANDLER

wsgi_app = "alliance_maturity.wsgi"
# This machine only by default; behind a load balancer on another machine, GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# The Excel download of every answer takes about two minutes at 10,000 assessments.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
# No control socket: its one default path in the home folder would be shared by every gunicorn of the user.
control_socket_disable = True

# gunicorn's own messages (workers booting, timing out) in the app's JSON lines on standard error.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "filters": {"mask_link_tokens": MASK_LINK_TOKENS},
    "handlers": {"stderr": STDERR_HANDLER},
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
    },
}
