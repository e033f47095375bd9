"""Logs as JSON lines (LOG_FORMAT=json) and error reports to Sentry (SENTRY_DSN), both optional.

Both keep personal survey links masked (kokybe/lib/logmask.py): the JSON formatter formats records that the handlers'
filter has already masked, and events for Sentry are masked again before they leave, with no personal data attached
(no cookies, no user's e-mail address, no request body).
"""

import json
import logging
from datetime import UTC, datetime
from typing import Any

from .logmask import mask


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and the exception when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return mask(value)


def before_send(event: Any, hint: Any) -> Any:
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            headers.pop("Cookie", None)
    return _masked(event)


def init_sentry(dsn: str, environment: str, traces_sample_rate: float) -> None:
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        before_send=before_send,
        before_send_transaction=before_send,
    )
