"""Migration 0004 renumbers responses and answers already stored, keeping every answer with its response."""

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from surveys.models import Answer, Invitation, Response
from surveys.tests.factories import add_response, make_campaign, make_version

BEFORE = [("surveys", "0004_full_neutral_labels")]
AFTER = [("surveys", "0005_anonymity")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _count_from_one():
    """Ids as an older install has them: counted from 1, in the order the responses came."""
    with transaction.atomic():
        for n, pk in enumerate(sorted(Response.objects.values_list("pk", flat=True)), start=1):
            Answer.objects.filter(response_id=pk).update(response_id=n)
            Response.objects.filter(pk=pk).update(id=n)
        for n, pk in enumerate(sorted(Answer.objects.values_list("pk", flat=True)), start=1):
            Answer.objects.filter(pk=pk).update(id=n)


@pytest.mark.django_db(transaction=True)
def test_stored_responses_get_random_ids_and_keep_their_answers(cast):
    campaign = make_campaign(cast.alfa, make_version(), by=cast.jonas)
    for rate in (1, 2, 3):
        add_response(campaign, {"rate": rate, "comment": f"atsakymas {rate}"})
    Invitation.objects.create(org=cast.alfa, campaign=campaign, email="a@example.lt", draft={"standard": {"x": "1"}})
    migrate(BEFORE)
    _count_from_one()
    assert max(Response.objects.values_list("pk", flat=True)) == 3
    migrate(AFTER)
    assert min(Response.objects.values_list("pk", flat=True)) > 2**30
    assert min(Answer.objects.values_list("pk", flat=True)) > 2**30
    pairs = {(a.response.answers.get(question__code="rate").value, a.text) for a in Answer.objects.exclude(text="")}
    assert pairs == {(1.0, "atsakymas 1"), (2.0, "atsakymas 2"), (3.0, "atsakymas 3")}
    assert Invitation.objects.get().draft == {}
