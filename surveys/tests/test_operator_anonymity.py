"""What someone with the server's database and logs can no longer join: personal links to responses."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import Answer, CampaignStatus, Invitation, Response


@pytest.fixture
def invitation(cast, campaign):
    return Invitation.objects.create(org=cast.alfa, campaign=campaign, email="ona@example.lt")


def test_an_anonymous_surveys_draft_is_never_stored_next_to_the_address(campaign, invitation):
    url = reverse("surveys_public:token", args=[invitation.token])
    client = Client()
    client.post(url, {"action": "save", "q-comment": "Pradėjau", "website": ""})
    invitation.refresh_from_db()
    assert invitation.draft == {}
    assert "Pradėjau" in client.get(url).content.decode()  # kept in this browser's session
    assert "Pradėjau" not in Client().get(url).content.decode()


def test_closing_a_survey_deletes_its_unsent_drafts(cast, campaign, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(draft={"standard": {"q-comment": "Pradėjau"}})
    services.campaign_transition(campaign=campaign, to=CampaignStatus.CLOSED, by=cast.jonas)
    invitation.refresh_from_db()
    assert invitation.draft == {}


def test_a_closed_survey_forgets_the_draft_in_the_session(cast, campaign):
    client = Client()
    url = reverse("surveys_public:form", args=[campaign.public_slug])
    client.post(url, {"action": "save", "q-comment": "Pradėjau", "website": ""})
    assert any(key.startswith(f"survey:{campaign.pk}:") for key, _value in client.session.items())
    services.campaign_transition(campaign=campaign, to=CampaignStatus.CLOSED, by=cast.jonas)
    client.get(url)
    assert not any(key.startswith(f"survey:{campaign.pk}:") for key, _value in client.session.items())


def test_response_and_answer_ids_do_not_follow_the_order_of_sending(campaign):
    url = reverse("surveys_public:form", args=[campaign.public_slug])
    for n, rate in enumerate("12345"):
        Client(REMOTE_ADDR=f"192.0.2.{n}").post(url, {"action": "submit", "q-rate": rate, "website": ""})
    ids = list(Response.objects.order_by("answers__value").values_list("pk", flat=True))
    assert len(ids) == 5
    assert min(ids) > 2**40  # drawn from 2**62, not counted from 1
    assert min(Answer.objects.values_list("pk", flat=True)) > 2**40


def test_the_apps_log_never_writes_a_personal_links_token(invitation, caplog):
    from kokybe.lib.logmask import MaskTokens

    root = logging.getLogger()
    assert any(isinstance(f, MaskTokens) for h in root.handlers for f in h.filters)  # the configured console
    with caplog.at_level(logging.WARNING, logger="django.request"):
        caplog.handler.addFilter(MaskTokens())
        Client().get(f"/s/t/{invitation.token}x/")  # an unknown token: Django logs "Not Found: <path>"
    assert "Not Found: /s/t/…/" in caplog.text
    assert invitation.token not in caplog.text


def test_gunicorns_access_log_masks_the_token(invitation):
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from kokybe.lib.logmask import AccessLogger

    logger = AccessLogger(Config())
    path = f"/s/t/{invitation.token}/"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://kokybe.example.lt{path}",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(
        SimpleNamespace(status="302 Found", sent=0, headers=[]), request, environ, timedelta(seconds=0)
    )
    assert invitation.token not in " ".join(str(v) for v in atoms.values())
    assert atoms["r"] == "POST /s/t/…/ HTTP/1.1"
