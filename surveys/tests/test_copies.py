"""Answers carry copies of their response's campaign, organisation, service, unit, respondent group and channel (so a
breakdown needs no join): every way answers are stored sets them, and they stay equal to the response's."""

import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orgs.models import Service, Unit
from surveys import services
from surveys.models import Answer, Channel, Response
from surveys.tests.factories import add_response, make_campaign

GROUPS = "Paslaugų gavėjas\nArtimasis"
COPIED = ("org_id", "campaign_id", "service_id", "unit_id", "group", "channel")


def copies_match(answers):
    """How many answers there are, after checking each one's copies against its response."""
    answers = list(answers.select_related("response"))
    for answer in answers:
        assert [getattr(answer, n) for n in COPIED] == [getattr(answer.response, n) for n in COPIED], answer.pk
    return len(answers)


@pytest.fixture
def surveyed(cast, version):
    """An open survey of two services in different units, asking the respondent group."""
    other_unit = Unit.objects.create(org=cast.alfa, name="Dienos centras")
    other = Service.objects.create(org=cast.alfa, unit=other_unit, name="Dienos užimtumas")
    campaign = make_campaign(
        cast.alfa, version, by=cast.jonas, services=[cast.alfa_service, other], respondent_groups=GROUPS
    )
    return campaign, other


def test_the_online_form_copies_the_chosen_service_its_unit_the_group_and_the_channel(surveyed):
    campaign, other = surveyed
    url = reverse("surveys_public:form", args=[campaign.public_slug])
    data = {"action": "submit", "website": "", "q-rate": "4", "q-used": "0", "service": other.pk, "group": "Artimasis"}
    assert Client().post(url, data).status_code == 302
    assert copies_match(Answer.objects.all()) == 2
    assert set(Answer.objects.values_list("service", "unit", "group", "channel")) == {
        (other.pk, other.unit_id, "Artimasis", Channel.WEB)
    }


def test_the_easy_read_form_copies_the_answers_of_its_first_screen(surveyed):
    campaign, other = surveyed
    client = Client()

    def step(n):
        return reverse("surveys_public:easy", args=[campaign.public_slug, n])

    posts = [{"service": other.pk, "group": "Paslaugų gavėjas"}, {"answer": "3"}, {"answer": "0"}]
    for n, data in enumerate(posts, start=1):
        assert client.post(step(n), {**data, "go": "next", "website": ""}).status_code == 302
    total = 1 + 4  # the first screen, then rate, used, role and comment (followup only after "yes")
    assert client.post(step(total + 1), {"go": "send", "website": ""}).status_code == 302
    assert copies_match(Answer.objects.all()) == 2
    assert set(Answer.objects.values_list("service", "unit", "group", "channel")) == {
        (other.pk, other.unit_id, "Paslaugų gavėjas", Channel.EASY_READ)
    }


def test_paper_entry_copies_the_service_group_and_the_paper_channel(cast, surveyed, login):
    campaign, _other = surveyed
    data = {"submitted_on": timezone.localdate().isoformat(), "q-rate": "2", "service": cast.alfa_service.pk}
    response = login(cast.rasa).post(reverse("surveys:paper", args=[cast.alfa.slug, campaign.pk]), data)
    assert response.status_code == 302
    assert copies_match(Answer.objects.all()) == 1
    assert Answer.objects.get().channel == Channel.PAPER and Answer.objects.get().unit == cast.alfa_unit


def test_a_programme_campaign_answer_copies_its_own_organisations_campaign(cast, version):
    from programmes.tests.factories import cast_programme

    today = timezone.localdate()
    study = services.programme_campaign_create(
        programme=cast_programme(cast),
        version=version,
        title="Poveikio vertinimas",
        starts_on=today,
        ends_on=today,
        orgs=[cast.alfa, cast.beta],
        by=cast.jonas,
    )
    beta = study.campaigns.get(org=cast.beta)
    url = reverse("surveys_public:form", args=[beta.public_slug])
    assert Client().post(url, {"action": "submit", "website": "", "q-rate": "5"}).status_code == 302
    assert copies_match(Answer.objects.all()) == 1
    assert (Answer.objects.get().org, Answer.objects.get().campaign) == (cast.beta, beta)


def test_the_demo_data_copies_every_response_into_its_answers(db):
    from kokybe.lib.demo import DemoContext
    from orgs import demo as orgs_demo
    from programmes import demo as programmes_demo
    from surveys import demo as surveys_demo

    ctx = DemoContext()
    for module in (orgs_demo, programmes_demo, surveys_demo):
        module.load(ctx)
    assert copies_match(Answer.objects.all()) > 1000
    assert Answer.objects.exclude(group="").exists() and Answer.objects.filter(unit__isnull=False).exists()
    assert Answer.objects.filter(channel=Channel.EASY_READ).exists()


def test_the_benchmark_data_copies_every_response_into_its_answers(db):
    from surveys import bench

    bench.build(30, out=io.StringIO())
    texts = Answer.objects.filter(question__type="text").count()  # the benchmark leaves most free text empty
    assert copies_match(Answer.objects.all()) == 30 * 19 + texts
    assert Answer.objects.filter(service__isnull=False, unit__isnull=False).exclude(group="").exists()


def test_saving_one_answer_copies_its_response(cast, surveyed):
    campaign, other = surveyed
    response = Response.objects.create(
        org=cast.alfa, campaign=campaign, submitted_on=timezone.localdate(), service=other, group="Artimasis"
    )
    answer = Answer(response=response, question=campaign.version.questions.get(code="rate"), value=3)
    answer.save()
    assert copies_match(Answer.objects.all()) == 1 and answer.service == other and answer.campaign == campaign


def test_bulk_creating_answers_by_response_id_reads_the_responses_in_one_query(
    cast, surveyed, django_assert_num_queries
):
    campaign, other = surveyed
    first, second = (
        Response.objects.create(
            org=cast.alfa, campaign=campaign, submitted_on=timezone.localdate(), service=service, channel=channel
        )
        for service, channel in [(other, Channel.PAPER), (cast.alfa_service, Channel.WEB)]
    )
    rate = campaign.version.questions.get(code="rate")
    with django_assert_num_queries(2):  # the responses, then the insert
        Answer.objects.bulk_create(Answer(response_id=r.pk, question=rate, value=4) for r in (first, second, first))
    assert copies_match(Answer.objects.all()) == 3


def test_deleting_a_service_clears_it_on_the_answers_as_on_the_responses(cast, surveyed):
    campaign, other = surveyed
    add_response(campaign, {"rate": 4, "used": 1}, service=other, unit=other.unit)
    add_response(campaign, {"rate": 2}, service=cast.alfa_service, unit=cast.alfa_unit)
    other.delete()
    assert copies_match(Answer.objects.all()) == 3
    assert Answer.objects.filter(service__isnull=True).count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_the_copies_of_answers_stored_before_it(cast, version):
    campaign = make_campaign(cast.alfa, version, services=[cast.alfa_service], respondent_groups=GROUPS)
    add_response(campaign, {"rate": 4, "used": 0}, service=cast.alfa_service, unit=cast.alfa_unit, group="Artimasis")
    add_response(campaign, {"rate": 1}, channel=Channel.PAPER)
    before, copies = ("surveys", "0001_initial"), ("surveys", "0002_answer_respondent_copies")
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])  # the copies' columns go, the answers stay
        executor = MigrationExecutor(connection)
        executor.migrate([copies])
        assert copies_match(Answer.objects.all()) == 3
        assert set(Answer.objects.values_list("service", "group", "channel")) == {
            (cast.alfa_service.pk, "Artimasis", Channel.WEB),
            (None, "", Channel.PAPER),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
