"""The one log format, shared by Django's settings and gunicorn's: a JSON object a line.

A personal link's token must never reach a log line (README, "Invitations"): the link redirects
at once to an address without it, and every record written here has the token of that one first
request masked, in its message and in anything attached to it (the request django.request adds).
"""

import logging
import re

# A personal link, /r/<invitee>/<token>/ (assessments/urls.py): the token is its moment made
# (base 36), a dash and a hex digest.
LINK_TOKEN = re.compile(r"(/r/[0-9A-Za-z_=-]+/)[0-9a-z]+-[0-9a-f]+")
MASK = r"\1[token]"
LOG_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)))


class MaskLinkTokens(logging.Filter):
    """Replace a personal link's token by "[token]" in a record's message and in its extra fields."""

    def filter(self, record):
        message = record.getMessage()
        if LINK_TOKEN.search(message):
            record.msg, record.args = LINK_TOKEN.sub(MASK, message), None
        for name, value in list(vars(record).items()):
            if name in LOG_RECORD_FIELDS or isinstance(value, int | float | bool | type(None)):
                continue
            text = str(value)
            if LINK_TOKEN.search(text):
                setattr(record, name, LINK_TOKEN.sub(MASK, text))
        return True


JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": True,  # ISO 8601, in UTC
}
MASK_LINK_TOKENS = {"()": "alliance_maturity.json_logs.MaskLinkTokens"}
STDERR_HANDLER = {
    "class": "logging.StreamHandler",
    "stream": "ext://sys.stderr",
    "formatter": "json",
    "filters": ["mask_link_tokens"],
}
