"""Log records as one JSON object a line on stdout, for the platform's log collector."""

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

# The attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

# Gunicorn's access-log atoms worth a field of their own.
_ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "remote_addr",
    "f": "referer",
    "a": "user_agent",
}


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update({field: record.args[atom] for atom, field in _ACCESS_FIELDS.items()})
        # Django's request logger passes the request itself: keep what helps, not the object.
        request = getattr(record, "request", None)
        if hasattr(request, "path"):
            entry.update(method=request.method, path=request.path)
        entry.update(
            {
                key: value
                for key, value in vars(record).items()
                if key not in _STANDARD and key != "request"
            }
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)
