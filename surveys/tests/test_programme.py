"""Impact studies across a programme's organisations, for its coordinators only."""

from datetime import timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kokybe.test import assert_constant_queries
from orgs.models import ActivityEntry
from programmes.models import ProgrammeParticipation
from programmes.tests.factories import cast_programme
from surveys.models import Campaign, CampaignStatus, ProgrammeCampaign, Response
from surveys.tests.factories import add_response


def create(client, programme, version, **extra):
    today = timezone.localdate()
    data = {
        "title": "Poveikio vertinimas 2026",
        "version": version.pk,
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
        "min_group_size": 5,
        **extra,
    }
    return client.post(reverse("surveys_programme:create", args=[programme.pk]), data)


def test_a_coordinator_runs_one_questionnaire_in_every_participating_organisation_at_once(cast, version, login):
    programme = cast_programme(cast)
    response = create(login(cast.jonas), programme, version, orgs=[cast.alfa.pk, cast.beta.pk])
    study = ProgrammeCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == study.get_absolute_url()
    children = Campaign.objects.filter(programme_campaign=study).order_by("org__name")
    assert [c.org for c in children] == [cast.alfa, cast.beta]
    assert all(c.version == version and c.anonymous and c.status == CampaignStatus.OPEN for c in children)
    assert ActivityEntry.objects.filter(org=cast.beta, verb="created", actor=cast.jonas).exists()


def test_only_current_participants_can_be_chosen(cast, version, login):
    programme = cast_programme(cast)
    ProgrammeParticipation.objects.filter(programme=programme, org=cast.beta).update(left_on=timezone.localdate())
    response = create(login(cast.jonas), programme, version, orgs=[cast.alfa.pk, cast.beta.pk])
    assert response.status_code == 200 and not ProgrammeCampaign.objects.exists()


def test_people_who_do_not_coordinate_the_programme_get_404(cast, version, login):
    programme = cast_programme(cast)
    for user in (cast.ona, cast.petras):
        client = login(user)
        assert client.get(reverse("surveys_programme:list", args=[programme.pk])).status_code == 404
        assert create(client, programme, version, orgs=[cast.alfa.pk]).status_code == 404
    assert not ProgrammeCampaign.objects.exists()


def test_pooled_and_per_organisation_results_hide_small_organisations(cast, version, login):
    programme = cast_programme(cast)
    client = login(cast.jonas)
    create(client, programme, version, orgs=[cast.alfa.pk, cast.beta.pk])
    study = ProgrammeCampaign.objects.get()
    alfa, beta = (Campaign.objects.get(programme_campaign=study, org=o) for o in (cast.alfa, cast.beta))
    for v in (5, 5, 4, 4, 3, 5):
        add_response(alfa, {"rate": v})
    for v in (1, 2):
        add_response(beta, {"rate": v})
    page = client.get(study.get_absolute_url()).content.decode()
    # Beta has 2 < 5 and is the only small one; Alfa then is hidden too, so nothing can be worked out.
    assert page.count("paslėpta (mažiau nei 5") == 2 and "Rezultatų dar nėra." in page
    for v in (2, 3, 2):
        add_response(beta, {"rate": v})
    page = client.get(study.get_absolute_url()).content.decode()
    assert "paslėpta (mažiau" not in page and "n = 11" in page and cast.beta.name in page


def test_the_study_page_costs_the_same_queries_for_10_and_500_responses(cast, version, login):
    programme = cast_programme(cast)
    client = login(cast.jonas)
    create(client, programme, version, orgs=[cast.alfa.pk, cast.beta.pk])
    study = ProgrammeCampaign.objects.get()
    children = list(Campaign.objects.filter(programme_campaign=study))

    def render():
        cache.clear()  # the counting, not the kept pool (analysis._pool): the dearer path must be constant
        assert client.get(study.get_absolute_url()).status_code == 200

    def grow(n):
        for i in range(Response.objects.filter(campaign__in=children).count(), n):
            add_response(children[i % 2], {"rate": 1 + i % 5, "nps": i % 11, "years": i % 7})

    assert_constant_queries(render, grow)


def _study_with(cast, version, client, n_orgs, responses=5):
    """A study of Alfa, Beta and `n_orgs - 2` more organisations, each with `responses` answers to "rate"."""
    from orgs.models import Organisation
    from surveys.tests.factories import make_campaign

    programme = cast_programme(cast)
    if not ProgrammeCampaign.objects.exists():
        create(client, programme, version, orgs=[cast.alfa.pk, cast.beta.pk])
    study = ProgrammeCampaign.objects.get()
    for i in range(Campaign.objects.filter(programme_campaign=study).count(), n_orgs):
        org = Organisation.objects.create(name=f"Centras {i:03}", slug=f"centras-{i:03}")
        make_campaign(org, version, programme_campaign=study, anonymous=True)
    for j, campaign in enumerate(Campaign.objects.filter(programme_campaign=study).order_by("pk")):
        for v in range(Response.objects.filter(campaign=campaign).count(), responses):
            add_response(campaign, {"rate": 1 + (v + j) % 5})
    return study


def test_organisations_are_paged_and_one_shown_organisation_is_compared_with_the_pool(cast, version, login):
    client = login(cast.jonas)
    study = _study_with(cast, version, client, 60)
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Centras 059" not in page  # 50 a page
    assert "Puslapis 1 iš 2" in page
    assert "Tarp organizacijų: mediana" in page  # 60 organisations: enough for a spread
    second = client.get(study.get_absolute_url(), {"page": 2}).content.decode()
    assert "Centras 059" in second and "Centras 003" not in second
    alfa = Campaign.objects.get(programme_campaign=study, org=cast.alfa)
    chosen = client.get(study.get_absolute_url(), {"org": alfa.pk}).content.decode()
    assert f"Slėpti organizacijos „{cast.alfa}“ stulpelį" in chosen


def test_a_hidden_organisation_cannot_be_put_beside_the_pool(cast, version, login):
    client = login(cast.jonas)
    study = _study_with(cast, version, client, 6)
    small = Campaign.objects.filter(programme_campaign=study).order_by("pk").last()
    Response.objects.filter(campaign=small).delete()
    add_response(small, {"rate": 1})  # 1 < 5: hidden, and the next smallest with it
    page = client.get(study.get_absolute_url(), {"org": small.pk}).content.decode()
    assert "Slėpti organizacijos" not in page
    assert client.get(study.get_absolute_url(), {"org": "x"}).status_code == 200


def test_the_study_page_costs_the_same_queries_and_stays_small_for_10_and_120_organisations(cast, version, login):
    client = login(cast.jonas)
    study = _study_with(cast, version, client, 10)
    sizes = []

    def render():
        cache.clear()  # the counting, not the kept pool (analysis._pool): the dearer path must be constant
        response = client.get(study.get_absolute_url())
        assert response.status_code == 200
        sizes.append(len(response.content))

    def grow(n):
        _study_with(cast, version, client, 10 + n // 5, responses=5)

    assert_constant_queries(render, grow)
    assert sizes[-1] < 100_000, f"the page weighs {sizes[-1]} bytes"
