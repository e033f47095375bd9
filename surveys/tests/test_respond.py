"""The respondent's pages: the standard form, drafts, abuse limits, and the easy-read form."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.analysis import campaign_results
from surveys.answering import face_to_value
from surveys.models import TEXT_MAX_CHARS, Answer, Campaign, CampaignStatus, Channel, Invitation, Response
from surveys.tests.factories import make_campaign


def form_url(campaign):
    return reverse("surveys_public:form", args=[campaign.public_slug])


def easy_url(campaign, step):
    return reverse("surveys_public:easy", args=[campaign.public_slug, step])


def submit(client, campaign, **answers):
    data = {"action": "submit", "website": "", **{f"q-{k}": v for k, v in answers.items()}}
    return client.post(form_url(campaign), data)


def answers_of(campaign):
    return {
        (a.question.code, a.value if a.value is not None else a.choice or a.text)
        for a in Answer.objects.filter(campaign=campaign).select_related("question")
    }


def test_open_link_shows_the_form_in_lithuanian_without_an_account(campaign):
    page = Client().get(form_url(campaign)).content.decode()
    assert "Esu patenkintas paslaugomis." in page
    assert "Siųsti atsakymus" in page and "Lengvai suprantama forma" in page
    assert 'lang="lt"' in page


def test_every_question_type_is_stored(campaign):
    response = submit(
        Client(),
        campaign,
        rate="4",
        used="1",
        followup="2",
        nps="9",
        role="family",
        areas=["food", "rooms"],
        years="3.5",
        comment="  Daugiau užsiėmimų  ",
    )
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    stored = Response.objects.get(campaign=campaign)
    assert stored.channel == Channel.WEB and stored.service == campaign.services.get()
    assert answers_of(campaign) == {
        ("rate", 4.0), ("used", 1.0), ("followup", 2.0), ("nps", 9.0), ("role", "family"), ("areas", "food"),
        ("areas", "rooms"), ("years", 3.5), ("comment", "Daugiau užsiėmimų"),
    }  # fmt: skip


def test_a_required_question_left_empty_gets_a_translated_message(campaign):
    response = submit(Client(), campaign, nps="5")
    assert response.status_code == 200
    assert "Atsakykite į šį klausimą." in response.content.decode()
    assert not Response.objects.exists()


def test_a_hidden_conditional_question_is_not_required_and_its_answer_is_dropped(campaign):
    response = submit(Client(), campaign, rate="5", used="0", followup="1")
    assert response.status_code == 302
    assert ("followup", 1.0) not in answers_of(campaign) and ("used", 0.0) in answers_of(campaign)


def test_a_shown_conditional_question_is_required(campaign):
    response = submit(Client(), campaign, rate="5", used="1")
    assert response.status_code == 200 and not Response.objects.exists()
    assert 'id="question-followup"' in response.content.decode()


def test_the_honeypot_stores_nothing_but_thanks_the_bot(campaign):
    response = Client().post(form_url(campaign), {"action": "submit", "q-rate": "5", "website": "http://spam"})
    assert response.status_code == 302 and not Response.objects.exists()


@override_settings(SURVEY_SUBMISSIONS_PER_IP=2)
def test_sending_is_limited_per_ip_address_and_the_answers_stay_on_the_page(campaign):
    client = Client(REMOTE_ADDR="192.0.2.10")
    assert submit(client, campaign, rate="5").status_code == 302
    assert submit(client, campaign, rate="4").status_code == 302
    third = submit(client, campaign, rate="3", comment="Mano pastaba")
    assert third.status_code == 429
    assert "Mano pastaba" in third.content.decode()
    assert Response.objects.count() == 2
    assert submit(Client(REMOTE_ADDR="192.0.2.11"), campaign, rate="3").status_code == 302


def test_free_text_longer_than_the_limit_is_refused_with_a_message(campaign):
    response = submit(Client(), campaign, rate="4", comment="ž" * (TEXT_MAX_CHARS + 1))
    assert response.status_code == 200 and not Response.objects.exists()
    assert "2000" in response.content.decode()


def test_save_and_finish_later_keeps_the_answers_in_the_session(campaign):
    client = Client()
    saved = client.post(form_url(campaign), {"action": "save", "q-rate": "2", "q-comment": "Pradėjau", "website": ""})
    assert saved.status_code == 302 and not Response.objects.exists()
    page = client.get(form_url(campaign)).content.decode()
    assert "Pradėjau" in page and 'value="2" id="id_q-rate_1" checked' in page.replace("\n", " ") or "checked" in page
    assert "Pradėjau" not in Client().get(form_url(campaign)).content.decode()  # another browser starts empty


def test_a_named_surveys_personal_link_keeps_its_draft_on_the_invitation_until_sent(cast, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(anonymous=False)
    invitation = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="a@example.lt")
    url = reverse("surveys_public:token", args=[invitation.token])
    Client().post(url, {"action": "save", "q-comment": "Iš telefono", "website": ""})
    invitation.refresh_from_db()
    assert invitation.draft["standard"]["q-comment"] == "Iš telefono"
    assert "Iš telefono" in Client().get(url).content.decode()  # another device, same link
    Client().post(url, {"action": "submit", "q-rate": "4", "q-comment": "Iš telefono", "website": ""})
    invitation.refresh_from_db()
    assert invitation.used and invitation.draft == {}


def test_a_survey_outside_its_period_or_not_open_takes_no_answers(cast, version):
    today = timezone.localdate()
    ended = make_campaign(
        cast.alfa, version, starts_on=today.replace(year=today.year - 1), ends_on=today.replace(year=today.year - 1)
    )
    draft = make_campaign(cast.alfa, version, status=CampaignStatus.DRAFT, title="Kita")
    for campaign in (ended, draft):
        assert "nerenka atsakymų" in Client().get(form_url(campaign)).content.decode()
        submit(Client(), campaign, rate="5")
    assert not Response.objects.exists()


def test_a_switched_off_open_link_is_not_found(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(public_link=False)
    assert Client().get(form_url(campaign)).status_code == 404


def test_unknown_link_or_token_is_not_found(db):
    assert Client().get("/s/nera-tokios-nuorodos/").status_code == 404
    assert Client().get("/s/t/nera-tokio-zetono/").status_code == 404


# ── Easy read ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_face_values_land_on_the_lowest_middle_and_highest_point(version):
    question = version.questions.get(code="rate")
    for points, expected in {3: [1, 2, 3], 5: [1, 3, 5], 7: [1, 4, 7]}.items():
        question.scale_points = points
        assert [face_to_value(question, f) for f in ("1", "2", "3")] == expected


def test_easy_read_is_one_question_a_screen_with_progress_and_faces(campaign):
    page = Client().get(easy_url(campaign, 1)).content.decode()
    assert "Klausimas 1 iš 4" in page  # rate, used, role, comment (followup only after "yes")
    assert "Man čia patinka." in page and "face-happy" in page and "face-sad" in page
    assert 'type="radio"' in page and "Toliau" in page


def walk(client, campaign, answers):
    """Answer the easy-read screens in order: `answers` is a list of posted values ("" to skip)."""
    step = 1
    for value in answers:
        response = client.post(easy_url(campaign, step), {"answer": value, "go": "next", "website": ""})
        assert response.status_code == 302, response.content.decode()[:500]
        step += 1
    return step


def test_easy_read_answers_are_stored_on_the_standard_scale(campaign):
    client = Client()
    step = walk(client, campaign, ["3", "1", "2", "user", "Noriu daugiau išvykų"])
    send = client.get(easy_url(campaign, step)).content.decode()
    assert "Atsakėte į 5 iš 5" in send
    done = client.post(easy_url(campaign, step), {"go": "send", "website": ""})
    assert done.status_code == 302 and done["Location"].endswith("/thanks/")
    assert Response.objects.get().channel == Channel.EASY_READ
    assert answers_of(campaign) == {
        ("rate", 5.0), ("used", 1.0), ("followup", 3.0), ("role", "user"), ("comment", "Noriu daugiau išvykų"),
    }  # fmt: skip


def test_easy_read_and_standard_answers_give_comparable_results(campaign):
    for _ in range(3):
        submit(Client(), campaign, rate="5")
        submit(Client(), campaign, rate="1")
    standard = next(r for r in campaign_results(campaign).results if r.question.code == "rate")
    Response.objects.all().delete()
    for face in ("3", "1") * 3:
        client = Client()
        walk(client, campaign, [face])
        client.post(easy_url(campaign, 5), {"go": "send", "website": ""})
    easy = next(r for r in campaign_results(campaign).results if r.question.code == "rate")
    assert Response.objects.filter(channel=Channel.EASY_READ).count() == 6
    assert (easy.n, easy.mean, easy.top2) == (standard.n, standard.mean, standard.top2)
    assert [b.count for b in easy.buckets] == [b.count for b in standard.buckets]


def test_easy_read_skipping_is_allowed_and_the_send_screen_counts_answers(campaign):
    client = Client()
    step = walk(client, campaign, ["", "", "", ""])
    assert "Atsakėte į 0 iš 4" in client.get(easy_url(campaign, step)).content.decode()


def test_easy_read_honeypot_and_token_reuse(cast, campaign):
    bot = Client().post(easy_url(campaign, 1), {"answer": "3", "go": "next", "website": "spam"})
    assert bot.status_code == 302 and bot["Location"].endswith("/thanks/")
    invitation = Invitation.objects.create(org=cast.alfa, campaign=campaign, email="b@example.lt")
    client = Client()
    client.post(
        reverse("surveys_public:token_easy", args=[invitation.token, 1]), {"answer": "3", "go": "next", "website": ""}
    )
    client.post(reverse("surveys_public:token_easy", args=[invitation.token, 5]), {"go": "send", "website": ""})
    again = client.get(reverse("surveys_public:token_easy", args=[invitation.token, 1]))
    assert "jau panaudota" in again.content.decode()
    assert Response.objects.count() == 1


def test_a_questionnaire_without_an_easy_read_form_goes_to_the_standard_one(cast, version):
    version.instrument.easy_read_available = False
    version.instrument.save()
    campaign = make_campaign(cast.alfa, version)
    response = Client().get(easy_url(campaign, 1))
    assert response.status_code == 302 and response["Location"] == form_url(campaign)


def test_english_respondents_read_english(campaign):
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(form_url(campaign), HTTP_COOKIE="django_language=en")
    text = page.content.decode()
    assert "I am satisfied with the services." in text and "Send my answers" in text


@pytest.mark.parametrize("step", [0, 99])
def test_an_easy_read_step_out_of_range_goes_to_the_first(campaign, step):
    response = Client().get(easy_url(campaign, step))
    assert response.status_code == 302 and response["Location"] == easy_url(campaign, 1)


def test_easy_read_back_comes_before_next(campaign):
    client = Client()
    walk(client, campaign, ["3"])
    page = client.get(easy_url(campaign, 2)).content.decode()
    nav = page[page.index('class="easy-nav"') :]
    assert nav.index("Atgal") < nav.index("Toliau")


def test_service_users_are_asked_which_service_they_use_never_where_they_work(cast, version):
    from orgs.models import Service

    other = Service.objects.create(org=cast.alfa, name="Dienos centras", unit=cast.alfa_unit)
    campaign = make_campaign(cast.alfa, version, by=cast.jonas, services=[cast.alfa_service, other])
    client = Client()
    standard = client.get(form_url(campaign)).content.decode()
    easy = client.get(easy_url(campaign, 1)).content.decode()  # the first screen asks about the person
    for page in (standard, easy):
        assert "Kokia paslauga naudojatės?" in page
        assert "dirbate" not in page


def test_staff_are_asked_where_they_work(cast, version):
    from orgs.models import Service

    version.instrument.audience = "staff"
    version.instrument.save()
    other = Service.objects.create(org=cast.alfa, name="Dienos centras", unit=cast.alfa_unit)
    campaign = make_campaign(cast.alfa, version, by=cast.jonas, services=[cast.alfa_service, other])
    assert "Kurioje paslaugoje dirbate?" in Client().get(form_url(campaign)).content.decode()


def test_the_shipped_easy_read_form_says_jus_throughout():
    import re
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parents[1] / "library" / "service-user-satisfaction.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = [data["version"]["easy_intro_lt"]] + [
        q["easy_text_lt"] for s in data["sections"] for q in s["questions"] if q.get("easy_text_lt")
    ]
    informal = re.compile(r"\b(tu|tavo|tau|tave|žinai|galvoji|norėtum|gali|nori)\b", re.IGNORECASE)
    assert [t for t in texts if informal.search(t)] == []
    assert "Mes norime žinoti, ką jūs galvojate. Jūsų vardo niekas nesužinos." in texts


def test_a_submission_takes_a_handful_of_queries(campaign):
    """The campaign, its questions, services and units, then two inserts (the response and all its answers):
    full_clean() no longer asks whether the rows it was handed exist, nor whether a random id is taken."""
    client = Client()
    client.get(form_url(campaign))
    with CaptureQueriesContext(connection) as queries:
        response = submit(
            client,
            campaign,
            rate="4",
            used="1",
            followup="2",
            nps="9",
            role="family",
            areas=["food"],
            years="3",
            comment="x",
        )
    assert response.status_code == 302
    sql = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert len(sql) <= 8, "\n".join(s[:100] for s in sql)
    assert Response.objects.filter(campaign=campaign).count() == 1
    assert Answer.objects.filter(campaign=campaign).count() == 8
