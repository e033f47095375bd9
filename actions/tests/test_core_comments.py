"""Comments and @mentions: who is mentioned, who is told, and the htmx fragment."""

import pytest
from django.urls import reverse

from actions import services
from actions.models import ActionComment, ImprovementAction
from kokybe.test import client_for, make_user
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role
from work.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(cast):
    return ImprovementAction.objects.create(org=cast.alfa, number=1, title="Skundų tvarka", owner=cast.rasa)


def comment_url(cast, action):
    return reverse("actions:comment", args=[cast.alfa.slug, action.number])


def test_mention_by_the_first_part_of_the_e_mail(cast):
    found = services.parse_mentions(cast.alfa, "Prašau peržiūrėti, @jonas ir @Rasa.")
    assert set(found) == {cast.jonas, cast.rasa}


def test_mention_by_the_whole_e_mail_address(cast):
    assert services.parse_mentions(cast.alfa, "@ona@alfa.test, žiūrėk") == [cast.ona]


def test_an_e_mail_address_in_the_text_is_not_a_mention(cast):
    assert services.parse_mentions(cast.alfa, "Rašykite jonas@alfa.test arba (ona@alfa.test)") == []


def test_outsiders_and_former_members_are_not_mentioned(cast):
    gone = cast.memberships[Role.VIEWER]
    gone.is_active = False
    gone.save()
    assert services.parse_mentions(cast.alfa, "@petras @vida @nera") == []


def test_shared_short_handle_needs_the_whole_address(cast):
    other = make_user("jonas@kitas.test", "Jonas Kitas")
    Membership.objects.create(org=cast.alfa, user=other, role=Role.STAFF)
    assert services.parse_mentions(cast.alfa, "@jonas") == []
    assert services.parse_mentions(cast.alfa, "@jonas@kitas.test") == [other]
    handles = {u.pk: h for h, u in services.mention_handles(cast.alfa)}
    assert handles[other.pk] == "jonas@kitas.test" and handles[cast.ona.pk] == "ona"


def test_comment_stores_mentions_logs_and_notifies(cast, action):
    comment = services.action_comment(action=action, body="@jonas, ar galite patvirtinti?", by=cast.ona)
    assert list(comment.mentions.all()) == [cast.jonas]
    assert Notification.objects.get(user=cast.jonas).verb == "mentioned"
    assert Notification.objects.get(user=cast.rasa).verb == "commented"  # the owner hears of it too
    entry = ActivityEntry.objects.get(verb=ActivityEntry.Verb.COMMENTED)
    assert entry.target == action and entry.actor == cast.ona


def test_mentioning_yourself_tells_nobody(cast, action):
    services.action_comment(action=action, body="Primenu sau, @rasa", by=cast.rasa)
    assert not Notification.objects.exists()


def test_comment_page_post_redirects_to_the_comments(cast, action):
    response = client_for(cast.users[Role.CONSULTANT]).post(comment_url(cast, action), {"body": "Siūlau @ugne"})
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    comment = ActionComment.objects.get()
    assert comment.author == cast.users[Role.CONSULTANT]
    assert list(comment.mentions.all()) == [cast.users[Role.UNIT_HEAD]]


def test_htmx_comment_gets_only_the_comments_fragment(cast, action):
    response = client_for(cast.rasa).post(comment_url(cast, action), {"body": "Atlikta dalis"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card wide" id="comments"')
    assert "Atlikta dalis" in html and "<html" not in html


def test_empty_comment_is_refused_with_a_message(cast, action):
    response = client_for(cast.rasa).post(comment_url(cast, action), {"body": "  "})
    assert response.status_code == 400
    assert "Šis laukas yra privalomas." in response.content.decode()
    assert not ActionComment.objects.exists()


def test_viewer_cannot_comment(cast, action):
    assert client_for(cast.vida).post(comment_url(cast, action), {"body": "Labas"}).status_code == 403
    assert not ActionComment.objects.exists()


def test_comments_render_with_their_mentions(cast, action):
    services.action_comment(action=action, body="Žiūrėkite, @jonas", by=cast.ona)
    html = client_for(cast.vida).get(action.get_absolute_url()).content.decode()
    assert "Žiūrėkite, @jonas" in html
    assert "Paminėti:" in html and "Jonas Jonaitis" in html
