"""The test register appears on the dashboard and the public quality page through its surfaces.py alone."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kokybe.test import assert_constant_queries, count_queries
from tests.surfaceapp.models import Entry

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def entry(cast, **fields):
    fields.setdefault("received_on", timezone.localdate())
    return Entry.objects.create(org=cast.alfa, title=fields.pop("title", "Skundas dėl maitinimo"), **fields)


def dashboard(cast, user):
    return client_for(user).get(reverse("orgs:dashboard", args=[cast.alfa.slug]))


def public_page(client, cast, **headers):
    return client.get(reverse("quality:page", args=[cast.alfa.slug]), headers=headers)


# ── Dashboard ────────────────────────────────────────────────────────────────────────────────────────────────────


def test_dashboard_shows_the_register_card_in_its_order_among_the_apps_cards(cast, surfaceapp):
    today = timezone.localdate()
    entry(cast, due_on=today - timedelta(days=1))
    entry(cast, due_on=today + timedelta(days=5))
    entry(cast, closed_on=today)
    html = dashboard(cast, cast.jonas).content.decode()
    assert "Test register" in html and "Open entries: 2; overdue: 1." in html
    # order 35: after the implementation plan (30), before the organisation's own card (40)
    assert (
        html.index('id="plan-card-title"') < html.index('id="register-card-title"') < html.index('id="org-card-title"')
    )


def test_the_card_is_shown_only_to_the_roles_it_names(cast, surfaceapp):
    from orgs.roles import Role

    assert "Test register" in dashboard(cast, cast.vida).content.decode()
    assert "Test register" not in dashboard(cast, cast.users[Role.EXTERNAL_AUDITOR]).content.decode()


def test_without_the_contribution_the_dashboard_does_not_know_the_register(cast):
    entry(cast)
    assert "Test register" not in dashboard(cast, cast.jonas).content.decode()


def test_the_card_keeps_the_dashboard_query_count_constant(cast, surfaceapp):
    def grow(n):
        Entry.objects.bulk_create(
            Entry(org=cast.alfa, title=f"Įrašas {i}", received_on=timezone.localdate())
            for i in range(Entry.objects.count(), n)
        )

    assert_constant_queries(lambda: dashboard(cast, cast.jonas), grow, small=10, large=200)


def test_the_card_costs_no_query_for_a_member_who_may_not_see_it(cast, surfaceapp):
    from orgs.roles import Role

    auditor = cast.users[Role.EXTERNAL_AUDITOR]
    with_card = count_queries(lambda: dashboard(cast, auditor))
    from tests.surfaceapp import switch

    switch.on = False
    assert count_queries(lambda: dashboard(cast, auditor)) == with_card


# ── Public quality page ──────────────────────────────────────────────────────────────────────────────────────────


def test_public_page_shows_the_register_section_and_exists_because_of_it(cast, surfaceapp):
    client = Client()
    assert public_page(client, cast).status_code == 404  # nothing published by anyone yet
    entry(cast, is_public=True)
    entry(cast, is_public=True)
    entry(cast)  # not public: not counted
    response = public_page(client, cast)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Test register" in html and "Entries received: 2." in html
    assert response.context["public_entries"] == 2


def test_a_new_entry_changes_the_public_page_etag_and_an_unchanged_page_answers_304(cast, surfaceapp):
    client = Client()
    entry(cast, is_public=True)
    etag = public_page(client, cast)["ETag"]
    assert public_page(client, cast, **{"If-None-Match": etag}).status_code == 304
    entry(cast, is_public=True)
    second = public_page(client, cast, **{"If-None-Match": etag})
    assert second.status_code == 200 and second["ETag"] != etag and "Entries received: 2." in second.content.decode()
