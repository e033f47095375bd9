"""The one throttle: slows down password guessing, reset-mail floods and questionnaire floods, in Django's cache.

A window per key that starts again at each counted hit (so `limit` hits less than `window` seconds apart block): failed logins per e-mail address and per IP address, reset requests per IP address and per
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


def _counts(kind: str, values: Iterable[str]) -> dict[str, int]:
    """{key: hits so far} for the given values, read in one cache round trip (one query on the database cache)."""
    keys = [_key(kind, v) for v in values if v]
    return dict.fromkeys(keys, 0) | cache.get_many(keys)


def blocked(kind: str, values: Iterable[str], limit: int) -> bool:
    return any(n >= limit for n in _counts(kind, values).values())


def _count(counts: dict[str, int], window: int) -> None:
    # One write a key, its window starting again from this hit: a steady stream stays counted. (The database cache's
    # incr() is a read and a write anyway, and it reset the expiry to the cache's default timeout, not the window.)
    for key, n in counts.items():
        cache.set(key, n + 1, window)


def hit(kind: str, values: Iterable[str], window: int) -> None:
    _count(_counts(kind, values), window)


def allow(kind: str, values: Sequence[str], limit: int, window: int) -> bool:
    """True, and counted, while every key is under the limit; False (and not counted) once one has reached it."""
    counts = _counts(kind, values)
    if any(n >= limit for n in counts.values()):
        return False
    _count(counts, window)
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
