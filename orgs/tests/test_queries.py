"""Query budgets: the dashboard and the list pages do not run more queries as rows grow."""

import pytest
from django.test import Client
from django.urls import reverse

from kokybe.test import assert_constant_queries, make_user
from orgs import activity
from orgs.models import ActivityEntry, Membership, Service, Unit
from orgs.roles import Role

pytestmark = pytest.mark.django_db


def page(cast, name, user=None):
    client = Client()
    client.force_login(user or cast.ona)
    url = reverse(f"orgs:{name}", args=[cast.alfa.slug])

    def render():
        response = client.get(url)
        assert response.status_code == 200

    return render


def grow_units(cast):
    def grow(n):
        have = Unit.objects.for_org(cast.alfa).count()
        for i in range(have, n):
            parent = cast.alfa_unit if i % 2 else None
            unit = Unit.objects.create(org=cast.alfa, parent=parent, name=f"Skyrius {i}")
            Service.objects.create(org=cast.alfa, unit=unit, name=f"Paslauga {i}")

    return grow


def grow_services(cast):
    def grow(n):
        have = Service.objects.for_org(cast.alfa).count()
        Service.objects.bulk_create(
            [Service(org=cast.alfa, unit=cast.alfa_subunit, name=f"Paslauga {i}") for i in range(have, n)]
        )

    return grow


def grow_members(cast):
    def grow(n):
        have = Membership.objects.for_org(cast.alfa).count()
        for i in range(have, n):
            user = make_user(f"narys{i}@alfa.test", f"Narys {i}")
            Membership.objects.create(
                org=cast.alfa, user=user, role=Role.STAFF, unit=cast.alfa_unit, position="Darbuotojas"
            )

    return grow


def grow_activity(cast):
    people = [cast.ona, cast.jonas, cast.rasa]
    targets = [cast.alfa_unit, cast.alfa_service, cast.memberships[Role.STAFF]]

    def grow(n):
        have = ActivityEntry.objects.for_org(cast.alfa).count()
        for i in range(have, n):
            activity.record(
                org=cast.alfa, by=people[i % 3], verb="updated", target=targets[i % 3], changes={"name": ["a", "b"]}
            )

    return grow


def test_units_list_queries_constant(cast):
    print("units list queries (10, 500):", assert_constant_queries(page(cast, "units"), grow_units(cast)))


def test_services_list_queries_constant(cast):
    print("services list queries (10, 500):", assert_constant_queries(page(cast, "services"), grow_services(cast)))


def test_members_list_queries_constant(cast):
    print("members list queries (10, 500):", assert_constant_queries(page(cast, "members"), grow_members(cast)))


def test_dashboard_queries_constant_with_activity_entries(cast):
    small, large = assert_constant_queries(page(cast, "dashboard"), grow_activity(cast))
    print(f"dashboard queries: {small} with 10 activity entries, {large} with 500")
    assert small == large, f"dashboard: {small} queries with 10 activity entries, {large} with 500"


def test_dashboard_queries_constant_with_members_and_services(cast):
    grow_m, grow_s = grow_members(cast), grow_services(cast)

    def grow(n):
        grow_m(n)
        grow_s(n)

    small, large = assert_constant_queries(page(cast, "dashboard"), grow, small=10, large=200)
    print(f"dashboard queries: {small} with 10 members and services, {large} with 200")


# The organisation dashboard: the base page (session, user, membership, menu, notifications), four cards of the
# organisation, the "Waiting for you" card (one query or a few for each app whose items ask for a decision: not one
# for every app) and the cards of the plan, the self-assessment, the documents and the audits. It was 32 to 36.
DASHBOARD_QUERIES = 26


def test_dashboard_query_count_is_within_budget_and_constant_with_what_waits(cast):
    """Done actions to verify and documents to approve are the director's "Waiting for you": many of them cost the
    dashboard no more queries than a few."""
    from actions.models import ImprovementAction, Status
    from documents.models import Document, DocumentType
    from documents.models import Status as DocumentStatus

    doc_type = DocumentType.objects.shipped().first()

    def grow(n):
        have = ImprovementAction.objects.for_org(cast.alfa).count()
        ImprovementAction.objects.bulk_create(
            ImprovementAction(org=cast.alfa, number=i + 1, title=f"Veiksmas {i}", status=Status.DONE)
            for i in range(have, n)
        )
        have = Document.objects.filter(org=cast.alfa).count()
        Document.objects.bulk_create(
            Document(org=cast.alfa, type=doc_type, title=f"Tvarka {i}", status=DocumentStatus.IN_REVIEW)
            for i in range(have, n)
        )

    render = page(cast, "dashboard", user=cast.ona)
    small, large = assert_constant_queries(render, grow, small=5, large=120)
    from django.utils import timezone

    from work.items import waiting_items

    waiting = waiting_items(cast.ona, timezone.localdate(), cast.alfa)
    assert len({item.kind for item in waiting}) == 2 and len(waiting) == 2 * 120  # both kinds wait, all of them
    assert small <= DASHBOARD_QUERIES, f"the dashboard makes {small} queries (budget {DASHBOARD_QUERIES})"
