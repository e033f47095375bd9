"""A web process loads at start what its first request would otherwise load (kokybe.lib.warm, from kokybe/wsgi.py)."""

import logging

from django.conf import settings
from django.urls import get_resolver

from kokybe import surfaces
from kokybe.lib import warm


def test_warm_fills_the_url_resolver_of_every_namespace_in_every_language_and_discovers_surfaces(monkeypatch):
    resolver = get_resolver()
    resolver._reverse_dict.clear()
    orgs = resolver.namespace_dict["orgs"][1]
    orgs._reverse_dict.clear()
    monkeypatch.setattr(surfaces, "_discovered", False)
    warm.warm()
    for language, _name in settings.LANGUAGES:
        assert language in resolver._reverse_dict and language in orgs._reverse_dict
    assert surfaces._discovered


def test_a_template_that_does_not_compile_does_not_stop_the_server(monkeypatch, caplog):
    monkeypatch.setattr(warm, "TEMPLATES", ("no/such/template.html",))
    with caplog.at_level(logging.WARNING, logger="kokybe.lib.warm"):
        warm.warm()
    assert "no/such/template.html" in caplog.text
