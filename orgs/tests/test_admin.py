"""Django admin for organisations; the activity log is read-only there too."""

import pytest
from django.contrib.admin.sites import site
from django.test import Client
from django.urls import reverse

from accounts.models import User
from kokybe.test import pass_second_factor
from orgs import activity
from orgs.models import ActivityEntry, Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    admin = User.objects.create_superuser("admin@kokybe.test", "x")
    client.force_login(admin)
    return pass_second_factor(client, admin)


@pytest.fixture
def entry(cast):
    return activity.record(org=cast.alfa, by=cast.ona, verb="created", target=cast.alfa_unit)


def test_superuser_sees_activity_entries_but_cannot_change_them(cast, entry, admin_client):
    assert admin_client.get(reverse("admin:orgs_activityentry_changelist")).status_code == 200
    change = reverse("admin:orgs_activityentry_change", args=[entry.pk])
    assert admin_client.get(change).status_code == 200  # view only
    admin_client.post(change, {"verb": "deleted", "target_repr": "forged"})
    entry.refresh_from_db()
    assert (entry.verb, entry.target_repr) == ("created", "Pagalbos vaikams padalinys")


def test_superuser_cannot_add_or_delete_activity_entries(cast, entry, admin_client):
    assert admin_client.get(reverse("admin:orgs_activityentry_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:orgs_activityentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    response = admin_client.post(
        reverse("admin:orgs_activityentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert ActivityEntry.objects.filter(pk=entry.pk).exists()


def test_activity_admin_grants_no_write_permission(rf):
    model_admin = site._registry[ActivityEntry]
    request = rf.get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_organisation_admin_has_inlines_and_membership_filters(cast, admin_client):
    response = admin_client.get(reverse("admin:orgs_organisation_change", args=[cast.alfa.pk]))
    assert response.status_code == 200
    for prefix in ("units", "services", "memberships"):
        assert f'id="{prefix}-group"' in response.text
    assert "role" in site._registry[Membership].list_filter
    assert admin_client.get(reverse("admin:orgs_membership_changelist") + "?role__exact=director").status_code == 200
    assert Organisation in site._registry
