"""Migration 0005 freezes the decisions of reviews made final before final reviews were frozen."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from actions.models import ImprovementAction, Status
from audits.models import ManagementReview
from audits.services_records import review_decision

BEFORE = [("audits", "0004_review_final_record")]
AFTER = [("audits", "0005_freeze_earlier_final_reviews")]


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_an_earlier_final_review_gets_its_decisions_frozen_as_they_stand(cast):
    review = ManagementReview.objects.create(
        org=cast.alfa, title="Vadovybės analizė 2025", held_on=timezone.localdate()
    )
    decision = review_decision(review_obj=review, title="Atnaujinti skundų tvarką", by=cast.jonas, owner=cast.jonas)
    draft = ManagementReview.objects.create(org=cast.alfa, title="Juodraštis", held_on=timezone.localdate())
    migrate(BEFORE)
    # As an older install has it: final, with nothing frozen.
    ManagementReview.objects.filter(pk=review.pk).update(status="final", final_record={})
    migrate(AFTER)
    review.refresh_from_db()
    frozen = review.final_record["decisions"]
    assert [(d["number"], d["title"], d["owner"]) for d in frozen] == [
        (decision.number, "Atnaujinti skundų tvarką", str(cast.jonas))
    ]
    assert "finalised_on" not in review.final_record  # not recorded then: not guessed
    # From now on the minutes no longer follow the action.
    ImprovementAction.objects.filter(pk=decision.pk).update(title="Kitas pavadinimas", status=Status.DONE)
    review.refresh_from_db()
    assert review.decision_rows()[0]["title"] == "Atnaujinti skundų tvarką"
    draft.refresh_from_db()
    assert draft.final_record == {}
