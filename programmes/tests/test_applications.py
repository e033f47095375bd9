"""Applications to join a programme: the public form (honeypot, limit, nothing half-written), and the coordinator's
decision (the organisation made or found, its first director invited, the applicant told)."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from kokybe.test import assert_constant_queries, client_for
from orgs.models import ActivityEntry, Organisation
from orgs.roles import Role
from programmes import services
from programmes.models import Application, Milestone, ProgrammeParticipation

from .factories import APPLICATION, cast_application, cast_programme, open_for_applications

pytestmark = pytest.mark.django_db

FORM = {**APPLICATION, "phone": ""}


def _apply_url(programme):
    return reverse("programmes_public:apply", args=[programme.application_slug])


@pytest.fixture
def programme(cast):
    return open_for_applications(cast_programme(cast))


def test_public_form_renders_in_lithuanian_without_an_account(programme):
    response = Client().get(_apply_url(programme))
    assert response.status_code == 200
    assert "Paraiška dalyvauti programoje" in response.text
    assert programme.title in response.text


def test_a_programme_closed_for_applications_has_no_page(programme):
    programme.accepts_applications = False
    programme.save()
    assert Client().get(_apply_url(programme)).status_code == 404
    assert Client().post(_apply_url(programme), FORM).status_code == 404
    assert not Application.objects.exists()


def test_an_application_is_stored_and_the_applicant_thanked(programme):
    response = Client().post(_apply_url(programme), {**FORM, "company_code": "300 000 003"})
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes_public:sent", args=[programme.application_slug])
    application = Application.objects.get()
    assert (application.programme, application.company_code, application.status) == (
        programme,
        "300000003",
        Application.Status.PENDING,
    )
    assert application.language == "lt"
    assert not Organisation.objects.filter(company_code="300000003").exists()  # nothing until it is accepted
    assert "Paraiška išsiųsta" in Client().get(response["Location"]).text


def test_the_honeypot_stores_nothing_but_thanks_the_bot(programme):
    response = Client().post(_apply_url(programme), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Application.objects.exists()


def test_bad_input_gets_translated_errors_and_writes_nothing(programme):
    response = Client().post(_apply_url(programme), {**FORM, "company_code": "12345", "email": "ne-adresas"})
    assert response.status_code == 400
    assert "Įmonės kodą sudaro 9 skaitmenys." in response.text
    assert "Įveskite teisingą el. pašto adresą." in response.text
    assert not Application.objects.exists()


def test_a_second_pending_application_of_the_same_company_is_refused(programme):
    Client().post(_apply_url(programme), FORM)
    response = Client().post(_apply_url(programme), {**FORM, "org_name": "Kitas pavadinimas"})
    assert response.status_code == 400
    assert "jau laukia koordinatoriaus sprendimo" in response.text
    assert Application.objects.count() == 1


@override_settings(PROGRAMME_APPLICATIONS_PER_IP=2)
def test_sending_is_limited_per_address(programme):
    client = Client()
    for code in ("300000011", "300000012"):
        assert client.post(_apply_url(programme), {**FORM, "company_code": code}).status_code == 302
    response = client.post(_apply_url(programme), {**FORM, "company_code": "300000013"})
    assert response.status_code == 429
    assert "Iš šio tinklo per trumpą laiką" in response.text
    assert Application.objects.count() == 2


# ── The coordinator's decision ───────────────────────────────────────────────────────────────────────────────────


def test_only_the_programme_coordinator_sees_applications(cast):
    application = cast_application(cast)
    programme = application.programme
    urls = [
        reverse("programmes:applications", args=[programme.pk]),
        reverse("programmes:application", args=[programme.pk, application.pk]),
    ]
    for url in urls:
        assert client_for(cast.jonas).get(url).status_code == 200
        assert client_for(cast.extra["programme_consultant"]).get(url).status_code == 403
        assert client_for(cast.extra["programme_funder"]).get(url).status_code == 403
        assert client_for(cast.petras).get(url).status_code == 404
    for name in ("programmes:application_accept", "programmes:application_decline"):
        url = reverse(name, args=[programme.pk, application.pk])
        response = client_for(cast.extra["programme_consultant"]).post(url, {"reason": "Ne"})
        assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_accepting_makes_the_organisation_and_invites_its_first_director(cast, django_capture_on_commit_callbacks):
    application = cast_application(cast)
    programme = application.programme
    wave = programme.waves.create(name="Antroji banga")
    consultant = cast.extra["programme_consultant"]
    url = reverse("programmes:application_accept", args=[programme.pk, application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.jonas).post(url, {"wave": wave.pk, "consultant": consultant.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decided_by == cast.jonas
    org = Organisation.objects.get(company_code="300000003")
    assert (org.name, org.municipality, org.slug) == ("Gamos dienos centras", "Kauno m. sav.", "gamos-dienos-centras")
    participation = application.participation
    assert (participation.org, participation.programme, participation.status) == (
        org,
        programme,
        ProgrammeParticipation.Status.APPLIED,
    )
    assert (participation.wave, participation.consultant) == (wave, consultant)
    assert "Dienos socialinė globa" in participation.notes
    first = Milestone.objects.get(participation=participation, step__code="application")
    assert first.done_on == timezone.localdate(application.created_at)
    assert Milestone.objects.filter(participation=participation).count() > 10
    invitation = Invitation.objects.get(org=org)
    assert (invitation.email, invitation.role, invitation.language) == ("gintare@gama.test", Role.DIRECTOR, "lt")
    assert sorted(m.to[0] for m in mail.outbox) == ["gintare@gama.test", "gintare@gama.test"]
    accepted = next(m for m in mail.outbox if "priimta" in m.subject)
    assert programme.code in accepted.subject
    assert "pirmuoju savo organizacijos direktoriumi" in accepted.body
    assert ActivityEntry.objects.filter(org=programme.coordinating_org, verb=ActivityEntry.Verb.STATUS).exists()


def test_an_existing_organisation_is_linked_and_nobody_is_invited_into_it(cast, django_capture_on_commit_callbacks):
    application = cast_application(cast)
    programme = application.programme
    known = Organisation.objects.create(name="Gama", slug="gama", company_code=application.company_code)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, by=cast.jonas)
    assert ProgrammeParticipation.objects.get(programme=programme, org=known)
    assert Organisation.objects.filter(company_code=application.company_code).count() == 1
    assert not Invitation.objects.filter(org=known).exists()
    assert len(mail.outbox) == 1
    assert "jau naudojasi Kokybe" in mail.outbox[0].body


def test_accepting_an_organisation_that_already_takes_part_writes_nothing(cast):
    application = cast_application(cast)
    Application.objects.filter(pk=application.pk).update(company_code=cast.alfa.company_code)  # Alfa takes part
    url = reverse("programmes:application_accept", args=[application.programme.pk, application.pk])
    response = client_for(cast.jonas).post(url, {})
    assert response.status_code == 400
    assert "jau dalyvauja šioje programoje" in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert not Invitation.objects.exists()


def test_declining_needs_a_reason_and_mails_it(cast, django_capture_on_commit_callbacks):
    application = cast_application(cast)
    url = reverse("programmes:application_decline", args=[application.programme.pk, application.pk])
    client = client_for(cast.jonas)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Šis laukas yra privalomas." in response.text
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Jūsų savivaldybė į programą nepatenka."}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    assert not Organisation.objects.filter(company_code=application.company_code).exists()
    assert len(mail.outbox) == 1
    assert "Jūsų savivaldybė į programą nepatenka." in mail.outbox[0].body
    # A decided application cannot be decided again.
    response = client.post(reverse("programmes:application_accept", args=[application.programme.pk, application.pk]))
    assert response.status_code == 400
    assert "jau priimtas sprendimas" in response.text


def test_the_decision_mail_goes_out_in_the_applicants_language(cast, django_capture_on_commit_callbacks):
    application = cast_application(cast)
    Application.objects.filter(pk=application.pk).update(language="en")
    application.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(application=application, reason="Out of the programme's area.", by=cast.jonas)
    assert mail.outbox[0].subject.startswith("Your application to the programme")


def test_the_coordinator_opens_the_programme_for_applications(cast):
    programme = cast_programme(cast)
    url = reverse("programmes:applications", args=[programme.pk])
    client = client_for(cast.jonas)
    response = client.post(url, {"accepts_applications": "on", "application_slug": ""})
    assert response.status_code == 400
    assert "reikia jo puslapio adreso" in response.text
    assert client.post(url, {"accepts_applications": "on", "application_slug": "esf-2027"}).status_code == 302
    programme.refresh_from_db()
    assert programme.accepts_applications and programme.application_slug == "esf-2027"
    assert Client().get(reverse("programmes_public:apply", args=["esf-2027"])).status_code == 200


def test_applications_list_query_count_is_the_same_for_10_and_100(cast):
    programme = open_for_applications(cast_programme(cast))
    client = client_for(cast.jonas)
    url = reverse("programmes:applications", args=[programme.pk])

    def grow(n):
        have = programme.applications.count()
        Application.objects.bulk_create(
            Application(programme=programme, **{**APPLICATION, "company_code": f"{300000100 + i}"})
            for i in range(have, n)
        )

    def render():
        assert client.get(url).status_code == 200

    assert_constant_queries(render, grow, small=10, large=100)
