"""Where to send a person back to after a POST: the one check every view that honours `next` uses.

A `next` from the form is the client's word: only a path on this site (no other host, no scheme change, no
`//evil.example`, no `javascript:`) is followed; anything else falls back to the view's own default.
"""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: Any, *args: Any, field: str = "next") -> str:
    """The POSTed (or, failing that, the query's) `next` if it points into this site, else resolve_url(default, *args)."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default, *args)
