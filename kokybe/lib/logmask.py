"""Personal survey links never reach a log: their token is masked in the app's own log records and in gunicorn's
access log. With the token and the time of a request, a log could be joined to the invitation's e-mail address
and, by date, to the anonymous response.

- `MaskTokens` is a logging filter on the handlers in kokybe/settings.py (Django logs "Not Found: /s/t/…").
- `AccessLogger` is a gunicorn logger class: `gunicorn --logger-class kokybe.lib.logmask.AccessLogger`, as the
  README's systemd unit does. A reverse proxy in front keeps its own log; the README shows how to mask it there.
"""

import logging
import re
from typing import Any

PERSONAL_LINK = re.compile(r"(/s/t/)[^/?#\s\"']+")
MASK = r"\1…"


def mask(text: Any) -> Any:
    return PERSONAL_LINK.sub(MASK, text) if isinstance(text, str) else text


class MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: mask(value) for key, value in record.args.items()}
        request = getattr(record, "request", None)
        if request is not None and PERSONAL_LINK.search(getattr(request, "path", "")):
            # Error mails and handlers that print the request would show the path: they get none.
            record.request = None
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger  # type: ignore[import-untyped]
except ImportError:  # gunicorn is a deployment dependency; the app itself runs without it
    _GunicornLogger = None

if _GunicornLogger is not None:

    class AccessLogger(_GunicornLogger):
        def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
            return {key: mask(value) for key, value in super().atoms(resp, req, environ, request_time).items()}
