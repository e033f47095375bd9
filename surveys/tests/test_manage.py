"""Running a survey inside an organisation: create, open, invite, remind, QR codes, paper entry, weak results."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions.models import ImprovementAction, Source
from kokybe.test import assert_constant_queries
from orgs.models import ActivityEntry
from surveys.models import Campaign, CampaignStatus, Channel, Invitation, Response
from surveys.tests.factories import add_response, campaign_url, make_campaign


def test_a_manager_creates_a_survey_from_a_questionnaire(cast, version, login):
    client = login(cast.jonas)
    page = client.get(reverse("surveys:create", args=["alfa"]) + f"?version={version.pk}").content.decode()
    assert "Bandomoji apklausa" in page and "Nauja apklausa" in page
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:create", args=["alfa"]),
        {
            "title": "Metinė apklausa",
            "version": version.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=20)).isoformat(),
            "services": [cast.alfa_service.pk],
            "anonymous": "on",
            "public_link": "on",
            "offer_easy_read": "on",
            "min_group_size": 5,
            "weak_top2_below": 60,
            "weak_mean_below": "3.5",
            "weak_nps_below": 0,
        },
    )
    campaign = Campaign.objects.get(title="Metinė apklausa")
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.org == cast.alfa and campaign.status == CampaignStatus.DRAFT
    assert list(campaign.services.all()) == [cast.alfa_service]
    assert ActivityEntry.objects.filter(org=cast.alfa, verb="created", target_id=str(campaign.pk)).exists()


def test_the_form_refuses_another_organisations_service_and_a_backwards_period(cast, version, login):
    today = timezone.localdate()
    response = login(cast.jonas).post(
        reverse("surveys:create", args=["alfa"]),
        {
            "title": "X",
            "version": version.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
            "services": [cast.beta_service.pk],
            "min_group_size": 5,
            "weak_top2_below": 60,
            "weak_mean_below": "3.5",
            "weak_nps_below": 0,
        },
    )
    assert response.status_code == 200 and not Campaign.objects.exists()
    errors = response.context["form"].errors
    assert "services" in errors and "ends_on" in errors


def test_opening_and_closing_a_survey_is_logged(cast, campaign, login):
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.DRAFT)
    client = login(cast.jonas)
    client.post(campaign_url("status", campaign), {"to": "open"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    client.post(campaign_url("status", campaign), {"to": "closed"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert ActivityEntry.objects.filter(org=cast.alfa, verb="status", target_id=str(campaign.pk)).count() == 2
    response = client.post(campaign_url("status", campaign), {"to": "draft"}, follow=True)
    assert "negalima perkelti" in response.content.decode()


def test_invitations_are_mailed_in_the_chosen_language_once_per_address(
    cast, campaign, login, django_capture_on_commit_callbacks
):
    client = login(cast.jonas)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            campaign_url("invite", campaign),
            {"addresses": "Ona@Example.lt, jonas@example.lt\njonas@example.lt; petras@example.lt", "language": "en"},
        )
    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "jonas@example.lt", "ona@example.lt", "petras@example.lt",
    ]  # fmt: skip
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    invitation = Invitation.objects.get(email=message.to[0])
    assert "asks for your opinion" in message.subject and invitation.token in message.body
    assert "anonymous" in message.body
    assert ActivityEntry.objects.filter(org=cast.alfa, verb="invited").count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            campaign_url("invite", campaign), {"addresses": "ona@example.lt", "language": "lt"}, follow=True
        )
    assert "1 adresas jau buvo pakviestas" in again.content.decode() and not mail.outbox


def test_pasted_text_that_is_not_an_address_is_named_and_nothing_is_sent(cast, campaign, login):
    response = login(cast.jonas).post(
        campaign_url("invite", campaign), {"addresses": "ona@example.lt ne-adresas", "language": "lt"}
    )
    assert response.status_code == 200 and "ne-adresas" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_reminders_go_to_unused_links_only_and_nobody_is_shown_who_answered(
    cast, campaign, login, django_capture_on_commit_callbacks
):
    answered = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="atsake@example.lt", used=True)
    waiting = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="laukia@example.lt", language="en")
    client = login(cast.jonas)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(campaign_url("remind", campaign), follow=True)
    assert [m.to for m in mail.outbox] == [["laukia@example.lt"]]
    assert "Reminder" in mail.outbox[0].subject and waiting.token in mail.outbox[0].body
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert (waiting.reminders, answered.reminders) == (1, 0)
    page = response.content.decode()
    assert "Išsiųstas 1 priminimas" in page
    assert "atsake@example.lt" not in page and "laukia@example.lt" not in page


def test_qr_codes_come_as_png_and_svg_downloads(cast, campaign, login):
    client = login(cast.rasa)
    png = client.get(campaign_url("qr_png", campaign) + "?download=1")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert "attachment" in png["Content-Disposition"]
    svg = client.get(campaign_url("qr_svg", campaign))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content and b"<path" in svg.content


def test_the_detail_page_shows_the_open_link_and_what_each_role_may_do(cast, campaign, login):
    page = login(cast.jonas).get(campaign_url("detail", campaign)).content.decode()
    assert (
        f"/s/{campaign.public_slug}/" in page
        and "Pakviesti el. paštu" in page
        and "Įvesti popierinį klausimyną" in page
    )
    viewer = login(cast.vida).get(campaign_url("detail", campaign)).content.decode()
    assert "Pakviesti el. paštu" not in viewer and "Įvesti popierinį klausimyną" not in viewer


def test_staff_enter_a_paper_questionnaire_with_its_date(cast, campaign, login):
    on = campaign.starts_on + timedelta(days=1)
    response = login(cast.rasa).post(
        campaign_url("paper", campaign),
        {"submitted_on": on.isoformat(), "q-rate": "2", "q-used": "0", "q-comment": "Ranka"},
    )
    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.channel, stored.submitted_on, stored.service) == (Channel.PAPER, on, cast.alfa_service)
    entry = ActivityEntry.objects.get(org=cast.alfa, changes__has_key="paper")
    assert entry.target_id == str(campaign.pk) and entry.actor == cast.rasa


def test_paper_entry_checks_the_date_and_the_required_answers(cast, campaign, login):
    client = login(cast.rasa)
    late = client.post(
        campaign_url("paper", campaign),
        {"submitted_on": (campaign.ends_on + timedelta(days=3)).isoformat(), "q-rate": "3"},
    )
    assert late.status_code == 200 and "laikotarpio ribose" in late.content.decode()
    missing = client.post(campaign_url("paper", campaign), {"submitted_on": campaign.starts_on.isoformat()})
    assert missing.status_code == 200 and "Atsakykite į šį klausimą." in missing.content.decode()
    assert not Response.objects.exists()


def test_a_weak_result_becomes_an_improvement_action_linked_to_its_indicator(cast, campaign, login):
    from frameworks.importing import import_library

    import_library()
    for rate in (1, 2, 2, 3, 1, 2):
        add_response(campaign, {"rate": rate})
    client = login(cast.rasa)
    page = client.get(campaign_url("results", campaign)).content.decode()
    assert "Silpni rezultatai" in page and "Sukurti tobulinimo veiksmą" in page
    response = client.post(campaign_url("action", campaign, code="rate"))
    action = ImprovementAction.objects.get(org=cast.alfa)
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert action.source == Source.SURVEY and action.source_object == campaign
    assert [i.code for i in action.indicators.all()] == ["6.3.1"] and action.principle.code == "6"
    assert "Esu patenkintas paslaugomis." in action.title and "vidurkis" in action.description


def test_a_result_that_is_not_weak_makes_no_action(cast, campaign, login):
    for _ in range(6):
        add_response(campaign, {"rate": 5})
    response = login(cast.jonas).post(campaign_url("action", campaign, code="rate"), follow=True)
    assert not ImprovementAction.objects.exists()
    assert "neviršija" in response.content.decode()


def test_the_results_page_costs_the_same_queries_for_10_and_500_responses(cast, campaign, login):
    client = login(cast.jonas)

    def render():
        response = client.get(campaign_url("results", campaign))
        assert response.status_code == 200

    def grow(n):
        have = Response.objects.filter(campaign=campaign).count()
        for i in range(have, n):
            add_response(
                campaign,
                {
                    "rate": 1 + i % 5,
                    "used": i % 2,
                    "followup": 3,
                    "nps": i % 11,
                    "role": "user",
                    "areas": ["food"],
                    "years": i % 9,
                    "comment": f"T{i}",
                },
            )

    assert_constant_queries(render, grow)


@pytest.mark.parametrize("name", ["list", "breakdown", "summary", "trend"])
def test_other_pages_cost_the_same_queries_for_10_and_500_responses(cast, campaign, login, name):
    client = login(cast.jonas)
    target = reverse("surveys:list", args=["alfa"]) if name == "list" else campaign_url(name, campaign)

    def render():
        assert client.get(target).status_code == 200

    def grow(n):
        for i in range(Response.objects.filter(campaign=campaign).count(), n):
            add_response(campaign, {"rate": 1 + i % 5, "nps": i % 11}, service=cast.alfa_service if i % 2 else None)

    assert_constant_queries(render, grow)


def test_the_survey_list_and_results_read_in_lithuanian(cast, campaign, login):
    Campaign.objects.filter(pk=campaign.pk).update(anonymous=False)  # one answer: shown only in a named survey
    add_response(campaign, {"rate": 4})
    client = login(cast.vida)
    page = client.get(reverse("surveys:list", args=["alfa"])).content.decode()
    assert "Apklausos" in page and "Paslaugų gavėjų apklausa" in page and "Renkami atsakymai" in page
    results = client.get(campaign_url("results", campaign)).content.decode()
    assert "Atsako dalis" in results and "Vidurkis (95\u00a0% PI)" in results


def test_a_campaign_of_another_organisation_is_not_found(cast, version, login):
    beta = make_campaign(cast.beta, version)
    assert login(cast.jonas).get(campaign_url("results", beta).replace("/beta/", "/alfa/")).status_code == 404
