import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from frameworks.tests.factories import make_version
from kokybe.test import pass_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    user = User.objects.create_superuser("root@kokybe.test", "password")
    client = Client()
    client.force_login(user)
    return pass_second_factor(client, user)


@pytest.mark.parametrize("model", ["framework", "frameworkversion", "principle", "criterion", "indicator"])
def test_admin_lists_and_shows_without_letting_the_tree_be_edited(admin_client, model):
    version = make_version()
    obj = {
        "framework": version.framework,
        "frameworkversion": version,
        "principle": version.principles.first(),
        "criterion": version.criteria.first(),
        "indicator": version.indicators.first(),
    }[model]
    assert admin_client.get(reverse(f"admin:frameworks_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:frameworks_{model}_change", args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"admin:frameworks_{model}_add")).status_code == 403


def test_admin_may_retire_a_version(admin_client):
    version = make_version()
    url = reverse("admin:frameworks_frameworkversion_change", args=[version.pk])
    response = admin_client.post(
        url,
        {
            "status": "retired",
            "principles-TOTAL_FORMS": "0",
            "principles-INITIAL_FORMS": "0",
            "principles-MIN_NUM_FORMS": "0",
            "principles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "retired" and version.principles.count() == 2
