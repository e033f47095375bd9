"""The one throttle: slows down password guessing, reset-mail floods and questionnaire floods, in Django's cache.

A fixed window per key: failed logins per e-mail address and per IP address, reset requests per IP address and per
e-mail address (accounts/forms.py), public questionnaire submissions per IP address (surveys/views_public.py). Keys are hashed with the secret key, so the cache never holds an address in clear. The default cache
is a database table, so every gunicorn worker and every app server counts together (kokybe/settings.py, CACHES).
"""

import hashlib
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{value.strip().lower()}".encode()).hexdigest()
    return f"throttle:{kind}:{digest}"


def blocked(kind: str, values: Iterable[str], limit: int) -> bool:
    return any(cache.get(_key(kind, v), 0) >= limit for v in values if v)


def hit(kind: str, values: Iterable[str], window: int) -> None:
    for value in filter(None, values):
        key = _key(kind, value)
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def allow(kind: str, values: Sequence[str], limit: int, window: int) -> bool:
    """True, and counted, while every key is under the limit; False (and not counted) once one has reached it."""
    if blocked(kind, values, limit):
        return False
    hit(kind, values, window)
    return True


def clear(kind: str, values: Iterable[str]) -> None:
    cache.delete_many([_key(kind, v) for v in values if v])


def client_ip(request: HttpRequest | None) -> str:
    """The client's address. Behind our reverse proxy every request comes from the proxy, so the address it appended
    last to X-Forwarded-For is the one to count (earlier entries are whatever the client claimed)."""
    if request is None:
        return ""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
