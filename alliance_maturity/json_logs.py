"""The one log format, shared by Django's settings and gunicorn's: a JSON object a line."""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": True,  # ISO 8601, in UTC
}
STDERR_HANDLER = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}
