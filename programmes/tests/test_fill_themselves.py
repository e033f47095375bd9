"""Milestones fill themselves: a provider saving a record another app reports through provider_records (here a
certificate issued, a cycle completed) fills its open milestone once the transaction commits, with no button."""

import logging
from datetime import date

import pytest

from assessments.tests.factories import make_assessment, make_version
from audits import services_records
from audits.models import Certificate
from programmes import signals
from programmes.models import Milestone, ProgrammeParticipation
from programmes.services import milestones_instantiate

from .factories import cast_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(cast):
    programme = cast_programme(cast)
    programme.participations.update(contract_date=date(2019, 1, 11))
    milestones_instantiate(programme.participations.select_related("programme"))
    return programme


def _milestone(org, code):
    return Milestone.objects.get(participation__org=org, step__code=code)


def _certificate(cast, org, issued_on):
    return services_records.certificate_save(
        certificate=Certificate(org=org, version=make_version(), reference="LIT2021-007", issued_on=issued_on),
        by=cast.petras,
    )


def test_a_certificate_issued_fills_the_certificate_milestone_on_commit(
    cast, planned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _certificate(cast, cast.beta, date(2021, 5, 14))
    assert _milestone(cast.beta, "certificate").done_on is None  # nothing before the commit
    for callback in callbacks:
        callback()
    milestone = _milestone(cast.beta, "certificate")
    assert (milestone.done_on, milestone.filled_from) == (date(2021, 5, 14), "certificate_issued")
    assert _milestone(cast.alfa, "certificate").done_on is None  # another provider's milestone is left alone


def test_a_cycle_completed_fills_the_self_assessment_milestone(cast, planned, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cycle = make_assessment(cast, org=cast.beta)
        cycle.status, cycle.completed_on = "completed", date(2019, 9, 30)
        cycle.save()
    assert _milestone(cast.beta, "self-assessment").done_on == date(2019, 9, 30)


def test_a_record_from_before_the_contract_fills_nothing(cast, planned, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _certificate(cast, cast.beta, date(2018, 5, 14))
    assert _milestone(cast.beta, "certificate").done_on is None


def test_a_failure_to_fill_is_logged_and_never_undoes_the_providers_save(
    cast, planned, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(org_ids):
        raise RuntimeError("boom")

    monkeypatch.setattr("programmes.services.milestones_fill_for", broken)
    with (
        caplog.at_level(logging.ERROR, logger="programmes.signals"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        certificate = _certificate(cast, cast.beta, date(2021, 5, 14))
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert "Filling programme milestones" in caplog.text


def test_only_the_declared_models_of_organisations_in_a_programme_are_watched(
    cast, planned, django_capture_on_commit_callbacks, django_assert_num_queries
):
    assert {"assessments.Assessment", "audits.Audit", "audits.Certificate"} <= signals.watched()
    assert "orgs.Unit" not in signals.watched()
    ProgrammeParticipation.objects.filter(org=cast.beta).delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _certificate(cast, cast.beta, date(2021, 5, 14))
    with django_assert_num_queries(1):  # is Beta in a programme? no: nothing else is read
        for callback in callbacks:
            callback()
