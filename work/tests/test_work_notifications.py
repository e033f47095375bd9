"""In-app notifications: notify() rules, the list page, mark read (one, all; htmx), the header count."""

import pytest
from django.urls import reverse
from django.utils import translation

from actions.models import ImprovementAction
from kokybe.test import assert_constant_queries
from orgs.models import Membership
from orgs.roles import Role
from work import notifications
from work.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def act(cast):
    return ImprovementAction.objects.create(org=cast.alfa, number=7, title="Atnaujinti skundų tvarką", owner=cast.rasa)


def test_notify_copies_the_target_and_reads_as_a_sentence(cast, act):
    note = notifications.notify(user=cast.rasa, org=cast.alfa, verb="assigned", target=act, by=cast.jonas)
    assert (note.user, note.org, note.actor, note.target) == (cast.rasa, cast.alfa, cast.jonas, act)
    assert note.target_url == act.get_absolute_url() and note.target_title == "#7 Atnaujinti skundų tvarką"
    with translation.override("lt"):
        # The title stands in quotes where the nominative is right, never as "atsakingu už" + a nominative.
        assert note.text() == "Jonas Jonaitis paskyrė jus atsakingu asmeniu: „#7 Atnaujinti skundų tvarką“."
    with translation.override("en"):
        assert note.text() == "Jonas Jonaitis made you the owner of “#7 Atnaujinti skundų tvarką”."
    assert not note.is_read


@pytest.mark.parametrize(
    "verb, sentence",
    [
        ("participant", "Jonas Jonaitis įtraukė jus į dalyvius: „#7 Atnaujinti skundų tvarką“."),
        ("commented", "Jonas Jonaitis parašė komentarą: „#7 Atnaujinti skundų tvarką“."),
        ("status", "„#7 Atnaujinti skundų tvarką“: Jonas Jonaitis pakeitė būseną."),
    ],
)
def test_lithuanian_sentences_never_put_the_title_where_another_case_is_needed(cast, act, verb, sentence):
    note = notifications.notify(user=cast.rasa, org=cast.alfa, verb=verb, target=act, by=cast.jonas)
    with translation.override("lt"):
        assert note.text() == sentence


def test_nobody_is_notified_of_their_own_act(cast, act):
    assert notifications.notify(user=cast.rasa, org=cast.alfa, verb="mentioned", target=act, by=cast.rasa) is None
    assert not Notification.objects.exists()


def test_a_person_outside_the_organisation_is_not_notified(cast, act):
    assert notifications.notify(user=cast.petras, org=cast.alfa, verb="assigned", target=act, by=cast.jonas) is None
    cast.memberships[Role.STAFF].delete()
    assert notifications.notify(user=cast.rasa, org=cast.alfa, verb="assigned", target=act, by=cast.jonas) is None
    assert not Notification.objects.exists()


def test_an_unknown_verb_is_a_programming_error(cast, act):
    with pytest.raises(ValueError, match="assigned"):
        notifications.notify(user=cast.rasa, org=cast.alfa, verb="asigned", target=act, by=cast.jonas)


def test_list_shows_own_notifications_newest_first(client, cast, act):
    notifications.notify(user=cast.rasa, org=cast.alfa, verb="assigned", target=act, by=cast.jonas)
    notifications.notify(user=cast.rasa, org=cast.alfa, verb="mentioned", target=act, by=cast.ona)
    notifications.notify(user=cast.vida, org=cast.alfa, verb="commented", target=act, by=cast.ona)
    client.force_login(cast.rasa)
    html = client.get(reverse("me:notifications")).content.decode()
    assert html.index("Ona Onaitė paminėjo jus") < html.index("Jonas Jonaitis paskyrė jus")
    assert "parašė komentarą" not in html
    assert "Pranešimai (2 neperskaityti)" in html


def test_mark_one_read_then_all(client, cast, act):
    first = notifications.notify(user=cast.rasa, org=cast.alfa, verb="assigned", target=act, by=cast.jonas)
    notifications.notify(user=cast.rasa, org=cast.alfa, verb="mentioned", target=act, by=cast.ona)
    client.force_login(cast.rasa)
    response = client.post(reverse("me:notification_read", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("me:notifications")
    assert list(Notification.objects.unread().values_list("verb", flat=True)) == ["mentioned"]
    response = client.post(reverse("me:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.unread().exists()


def test_mark_read_returns_to_a_safe_next_only(client, cast, act):
    note = notifications.notify(user=cast.rasa, org=cast.alfa, verb="assigned", target=act, by=cast.jonas)
    client.force_login(cast.rasa)
    response = client.post(reverse("me:notification_read", args=[note.pk]), {"next": act.get_absolute_url()})
    assert response["Location"] == act.get_absolute_url()
    response = client.post(reverse("me:notifications_read_all"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("me:notifications")


def test_someone_elses_notification_cannot_be_marked(client, cast, act):
    note = notifications.notify(user=cast.vida, org=cast.alfa, verb="assigned", target=act, by=cast.jonas)
    client.force_login(cast.rasa)
    assert client.post(reverse("me:notification_read", args=[note.pk])).status_code == 404
    client.post(reverse("me:notifications_read_all"))
    note.refresh_from_db()
    assert not note.is_read


def test_mark_read_with_htmx_returns_the_list_and_the_new_header_count(client, cast, act):
    note = notifications.notify(user=cast.rasa, org=cast.alfa, verb="assigned", target=act, by=cast.jonas)
    notifications.notify(user=cast.rasa, org=cast.alfa, verb="mentioned", target=act, by=cast.ona)
    client.force_login(cast.rasa)
    response = client.post(reverse("me:notification_read", args=[note.pk]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="notification-list"' in html
    assert 'id="notifications-link" href="/me/notifications/" hx-swap-oob="true"' in html
    assert "Pranešimai (1 neperskaitytas)" in html


def test_the_full_page_has_one_header_link_only(client, cast, act):
    notifications.notify(user=cast.rasa, org=cast.alfa, verb="assigned", target=act, by=cast.jonas)
    client.force_login(cast.rasa)
    html = client.get(reverse("me:notifications")).content.decode()
    assert html.count('id="notifications-link"') == 1 and "hx-swap-oob" not in html


def test_notifications_page_query_count_does_not_grow(client, cast, act):
    client.force_login(cast.rasa)
    Membership.objects.create(org=cast.beta, user=cast.rasa, role=Role.STAFF)

    def grow(n):
        Notification.objects.bulk_create(
            Notification(
                user=cast.rasa,
                org=cast.alfa if i % 2 else cast.beta,
                actor=cast.jonas if i % 3 else cast.ona,
                verb="assigned",
                target_title=f"#{i}",
                target_url="/x/",
            )
            for i in range(Notification.objects.count(), n)
        )

    assert_constant_queries(lambda: client.get(reverse("me:notifications")).status_code == 200 or pytest.fail(), grow)


def test_the_header_count_costs_the_same_with_more_notifications(client, cast):
    from kokybe.test import count_queries

    client.force_login(cast.rasa)
    url = reverse("orgs:dashboard", args=["alfa"])
    client.get(url)
    before = count_queries(lambda: client.get(url))
    Notification.objects.create(user=cast.rasa, org=cast.alfa, verb="assigned", target_title="#1")
    assert count_queries(lambda: client.get(url)) == before


def test_a_status_change_says_from_what_to_what(cast, act):
    from actions import services as action_services

    act.owner = cast.rasa
    act.save()
    action_services.action_transition(action=act, to="in_progress", by=cast.jonas)
    note = Notification.objects.get(user=cast.rasa, verb="status")
    with translation.override("lt"):
        assert (
            note.text() == "„#7 Atnaujinti skundų tvarką“: Jonas Jonaitis pakeitė būseną iš „Planuojama“ į „Vykdoma“."
        )


def test_a_status_change_reads_in_the_readers_language_whoever_made_it(cast, act):
    from actions import services as action_services

    act.owner = cast.rasa
    act.save()
    with translation.override("lt"):  # the change is made on a Lithuanian page
        action_services.action_transition(action=act, to="in_progress", by=cast.jonas)
    note = Notification.objects.get(user=cast.rasa, verb="status")
    with translation.override("en"):
        assert "from “Planned” to “In progress”" in note.text()
    with translation.override("lt"):
        assert "iš „Planuojama“ į „Vykdoma“" in note.text()


def test_the_approvers_are_asked_to_approve_a_submitted_document(cast, django_capture_on_commit_callbacks):
    from documents import services as document_services
    from documents.tests import factories

    document = factories.draft(cast, title="Paslaugų gavėjų chartija")
    with django_capture_on_commit_callbacks(execute=True):
        document_services.document_submit(document=document, by=cast.jonas)
    note = Notification.objects.get(user=cast.ona)
    with translation.override("lt"):
        assert note.text() == "Jonas Jonaitis prašo patvirtinti dokumentą „Paslaugų gavėjų chartija“."
