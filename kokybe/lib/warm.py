"""Make a web process's first request as fast as its later ones.

Django imports the URLconf (every app's views, and the API's schemas: about a second of pydantic alone), fills the
URL resolver, discovers the apps' surfaces, loads the translation catalogues and compiles the common templates on the
first request that needs each. With gunicorn's sync workers that was the first page each worker served after a
start: the national benchmark's dashboard p95 of 2.7-2.9 s (its p50 ~190 ms) was those requests, ~3.5 s each
measured alone. kokybe/wsgi.py calls warm() once per web process at start, before it takes requests; commands and
tests don't pay it.
"""

import logging

from django.conf import settings
from django.template.loader import get_template
from django.urls import URLResolver, get_resolver
from django.utils import translation

from kokybe import surfaces

logger = logging.getLogger(__name__)

# Templates nearly every page extends or includes (the cached loader keeps them compiled per process).
TEMPLATES = ("base.html", "orgs/dashboard.html", "work/my_work.html")


def _fill(resolver: URLResolver) -> None:
    """Fill a resolver's reverse lookups and those of every namespace under it (each is filled lazily, per
    language, on the first reverse() that reaches it)."""
    resolver.reverse_dict  # noqa: B018
    for _prefix, sub in resolver.namespace_dict.values():
        _fill(sub)


def warm() -> None:
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 — imports the URLconf and every app's views
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Dashboard")  # loads the catalogue
            _fill(resolver)
    surfaces.discover()
    for name in TEMPLATES:
        try:
            get_template(name)
        except Exception as exc:  # a missing template must not stop a server starting
            logger.warning("Could not compile %s at start: %s", name, exc)
