"""Audit services: database state after, the activity entry, the calendar milestone, the mail."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Invitation
from actions.models import ImprovementAction, Source
from assessments.tests.factories import make_assessment, make_version
from audits import access, services, services_records
from audits.models import AuditFinding, Certificate, ChecklistItem, Kind, ManagementReview, ProgressReport, Status
from frameworks.models import Principle
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role
from work.models import Milestone, MilestoneKind

from .factories import make_audit

pytestmark = pytest.mark.django_db


def entries(target, verb=None):
    rows = ActivityEntry.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk))
    return rows.filter(verb=verb) if verb else rows


# ── Planning ──────────────────────────────────────────────────────────────────────────────────────────────────────


def test_planning_makes_a_checklist_item_for_every_indicator_in_scope(cast):
    version = make_version()  # 2 principles × 2 criteria × 2 indicators
    first = Principle.objects.get(version=version, code="1")
    audit = make_audit(cast, version, principles=[first])
    codes = sorted(audit.checklist.values_list("indicator__code", flat=True))
    assert codes == ["1.1.1", "1.1.2", "1.2.1", "1.2.2"]
    assert entries(audit, ActivityEntry.Verb.CREATED).count() == 1


def test_no_principle_chosen_means_the_whole_version(cast):
    audit = make_audit(cast, make_version())
    assert audit.checklist.count() == 8


def test_narrowing_the_scope_keeps_what_the_auditor_recorded(cast):
    version = make_version()
    first, second = Principle.objects.filter(version=version).order_by("code")
    audit = make_audit(cast, version)
    recorded = audit.checklist.get(indicator__code="2.1.1")
    services.checklist_item_save(item=recorded, values={"note": "Kalbėta su 3 darbuotojais."}, by=cast.jonas)
    audit.refresh_from_db()
    services.audit_save(audit=audit, by=cast.jonas, principles=[first])
    codes = set(audit.checklist.values_list("indicator__code", flat=True))
    assert "2.1.1" in codes and "2.1.2" not in codes and "1.1.1" in codes
    entry = entries(audit, ActivityEntry.Verb.UPDATED).get()
    assert "principles" in entry.changes


def test_team_must_be_auditors_or_the_coordinator(cast):
    with pytest.raises(ValidationError) as exc:
        services.audit_save(audit=make_audit(cast), by=cast.jonas, team=[cast.users[Role.INTERNAL_AUDITOR], cast.rasa])
    assert "team" in exc.value.error_dict


def test_scope_principles_must_be_of_the_audits_version(cast):
    other = Principle.objects.filter(version=make_version(code="other-fw")).first()
    with pytest.raises(ValidationError) as exc:
        services.audit_save(audit=make_audit(cast), by=cast.jonas, principles=[other])
    assert "principles" in exc.value.error_dict


def test_an_audit_is_on_the_quality_calendar_and_moves_with_its_dates(cast):
    auditor = cast.users[Role.INTERNAL_AUDITOR]
    audit = make_audit(cast, lead_auditor=auditor, planned_end=date(2026, 10, 6))
    milestone = audit.milestone
    assert (milestone.kind, milestone.title, milestone.start_date, milestone.end_date) == (
        MilestoneKind.INTERNAL_AUDIT,
        audit.title,
        date(2026, 10, 5),
        date(2026, 10, 6),
    )
    assert milestone.responsible == auditor
    audit.planned_start, audit.planned_end = date(2026, 11, 9), None
    services.audit_save(audit=audit, by=cast.jonas)
    milestone.refresh_from_db()
    assert (milestone.start_date, milestone.end_date) == (date(2026, 11, 9), None)
    assert Milestone.objects.count() == 1


def test_an_audit_takes_over_the_same_days_milestone_put_on_the_calendar_by_hand(cast):
    by_hand = Milestone.objects.create(
        org=cast.alfa, kind=MilestoneKind.EXTERNAL_AUDIT, title="Išorės auditas", start_date=date(2026, 10, 5)
    )
    audit = make_audit(cast, kind=Kind.EXTERNAL)
    assert audit.milestone == by_hand
    assert Milestone.objects.count() == 1


def test_a_closed_audit_cannot_be_replanned(cast):
    audit = make_audit(cast)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas)
    audit.refresh_from_db()
    audit.title = "Kitas"
    with pytest.raises(ValidationError):
        services.audit_save(audit=audit, by=cast.jonas)


# ── Status ────────────────────────────────────────────────────────────────────────────────────────────────────────


def test_closing_records_the_day_the_person_and_the_conclusion(cast):
    audit = make_audit(cast)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas, summary="Kokybės sistema veikia.")
    audit.refresh_from_db()
    assert audit.status == Status.CLOSED and audit.closed_by == cast.jonas and audit.closed_on
    assert audit.summary == "Kokybės sistema veikia."
    changes = [e.changes["status"] for e in entries(audit, ActivityEntry.Verb.STATUS).order_by("pk")]
    assert changes == [["Planuojama", "Vykdoma"], ["Vykdoma", "Užbaigta"]]


def test_a_planned_audit_cannot_be_closed_without_being_done(cast):
    audit = make_audit(cast)
    with pytest.raises(ValidationError):
        services.audit_close(audit=audit, by=cast.jonas)
    audit.refresh_from_db()
    assert audit.status == Status.PLANNED


def test_closed_is_final(cast):
    audit = make_audit(cast)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas)
    with pytest.raises(ValidationError):
        services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)


# ── Checklist ─────────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_first_entry_starts_the_audit_and_is_logged(cast):
    audit = make_audit(cast)
    item = audit.checklist.first()
    services.checklist_item_save(
        item=item, values={"verdict": "partly", "interviewed": ["staff", "service_users"]}, by=cast.jonas
    )
    item.refresh_from_db()
    audit.refresh_from_db()
    assert item.verdict == "partly" and item.interviewed == ["staff", "service_users"]
    assert item.updated_by == cast.jonas
    assert audit.status == Status.IN_PROGRESS
    entry = entries(item, ActivityEntry.Verb.UPDATED).get()
    assert entry.changes["verdict"] == ["", "Iš dalies atitinka"]


def test_saving_the_same_values_again_writes_nothing(cast):
    item = make_audit(cast).checklist.first()
    services.checklist_item_save(item=item, values={"note": "Pastaba"}, by=cast.jonas)
    services.checklist_item_save(item=item, values={"note": "Pastaba"}, by=cast.jonas)
    assert entries(item).count() == 1


def test_unknown_interviewee_groups_are_refused(cast):
    item = make_audit(cast).checklist.first()
    with pytest.raises(ValidationError):
        services.checklist_item_save(item=item, values={"interviewed": ["aliens"]}, by=cast.jonas)


def test_a_closed_audits_checklist_cannot_change(cast):
    audit = make_audit(cast)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas)
    with pytest.raises(ValidationError):
        services.checklist_item_save(item=audit.checklist.first(), values={"note": "Vėliau"}, by=cast.jonas)


# ── Findings ──────────────────────────────────────────────────────────────────────────────────────────────────────


def test_findings_are_numbered_per_audit_and_placed_by_indicator(cast):
    audit = make_audit(cast)
    indicator = audit.checklist.first().indicator
    first = services.finding_create(audit=audit, kind="strength", text="A", by=cast.jonas)
    second = services.finding_create(audit=audit, kind="minor_nc", text="B", by=cast.jonas, indicator=indicator)
    assert (first.number, second.number) == (1, 2)
    assert second.criterion == indicator.criterion
    entry = entries(second, ActivityEntry.Verb.CREATED).get()
    assert entry.changes["kind"] == ["", "Nedidelė neatitiktis"]


def test_a_correction_is_a_new_entry_pointing_at_the_original(cast):
    audit = make_audit(cast)
    original = services.finding_create(audit=audit, kind="major_nc", text="Nėra skundų registro.", by=cast.jonas)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas)
    correction = services.finding_correct(
        finding=original, kind="minor_nc", text="Skundų registras yra, bet nepildomas.", by=cast.jonas
    )
    original.refresh_from_db()
    assert original.text == "Nėra skundų registro." and original.kind == "major_nc"
    assert correction.corrects == original and correction.number == 2
    entry = entries(correction, ActivityEntry.Verb.CREATED).get()
    assert entry.changes["corrects"] == ["", str(original)]
    assert ("Pataiso", "", str(original)) in entry.change_rows()


def test_new_plain_findings_are_refused_once_the_audit_is_closed(cast):
    audit = make_audit(cast)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas)
    with pytest.raises(ValidationError):
        services.finding_create(audit=audit, kind="observation", text="Vėliau", by=cast.jonas)


def test_finding_becomes_an_action_that_points_back_at_it(cast):
    audit = make_audit(cast)
    indicator = audit.checklist.first().indicator
    finding = services.finding_create(
        audit=audit,
        kind="minor_nc",
        text="Darbuotojai nesupažindinti su etikos kodeksu.",
        by=cast.jonas,
        indicator=indicator,
        evidence="Supažindinimo lapai nepasirašyti.",
    )
    action = services.finding_to_action(finding=finding, by=cast.jonas, owner=cast.rasa, due_date=date(2027, 1, 31))
    assert action.source == Source.INTERNAL_AUDIT
    assert action.source_object == finding
    assert list(action.indicators.all()) == [indicator]
    assert action.principle == indicator.criterion.principle
    assert "Supažindinimo lapai nepasirašyti." in action.description
    assert list(finding.actions()) == [action]
    with pytest.raises(ValidationError):
        services.finding_to_action(finding=finding, by=cast.jonas)
    assert ImprovementAction.objects.count() == 1


def test_a_recommendation_of_an_external_audit_becomes_an_external_audit_action(cast):
    audit = make_audit(cast, kind=Kind.EXTERNAL)
    finding = services.finding_create(audit=audit, kind="recommendation", text="Įtraukti partnerius.", by=cast.jonas)
    assert services.finding_to_action(finding=finding, by=cast.jonas).source == Source.EXTERNAL_AUDIT


def test_a_strength_needs_no_action(cast):
    audit = make_audit(cast)
    finding = services.finding_create(audit=audit, kind="strength", text="Puiki komanda.", by=cast.jonas)
    with pytest.raises(ValidationError):
        services.finding_to_action(finding=finding, by=cast.jonas)


def test_actions_can_still_be_made_from_findings_of_a_closed_audit(cast):
    audit = make_audit(cast)
    finding = services.finding_create(audit=audit, kind="observation", text="Pastebėjimas", by=cast.jonas)
    services.audit_transition(audit=audit, to=Status.IN_PROGRESS, by=cast.jonas)
    services.audit_close(audit=audit, by=cast.jonas)
    assert services.finding_to_action(finding=finding, by=cast.jonas).source_object == finding


def test_a_finding_with_an_action_cannot_be_deleted(cast):
    audit = make_audit(cast)
    finding = services.finding_create(audit=audit, kind="observation", text="Pastebėjimas", by=cast.jonas)
    services.finding_to_action(finding=finding, by=cast.jonas)
    with pytest.raises(ValidationError):
        services.finding_delete(finding=finding, by=cast.jonas)
    assert AuditFinding.objects.filter(pk=finding.pk).exists()


def test_deleting_an_open_audits_finding_is_logged(cast):
    audit = make_audit(cast)
    finding = services.finding_create(audit=audit, kind="observation", text="Klaida", by=cast.jonas)
    pk = finding.pk
    services.finding_delete(finding=finding, by=cast.jonas)
    assert not AuditFinding.objects.filter(pk=pk).exists()
    assert ActivityEntry.objects.filter(verb=ActivityEntry.Verb.DELETED, target_id=str(pk)).exists()


# ── External auditor access ──────────────────────────────────────────────────────────────────────────────────────


def test_granting_a_newcomer_sends_an_external_auditor_invitation_ending_the_same_day(
    cast, django_capture_on_commit_callbacks
):
    cycle = make_assessment(cast)
    with django_capture_on_commit_callbacks(execute=True):
        grant = access.grant_create(
            org=cast.alfa, email="Auditore@Equass.test", assessment=cycle, valid_until=date(2030, 4, 30), by=cast.jonas
        )
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.access_until) == (
        "auditore@equass.test",
        Role.EXTERNAL_AUDITOR,
        date(2030, 4, 30),
    )
    assert grant.invitation == invitation and grant.email == "auditore@equass.test"
    assert [m.to for m in mail.outbox] == [["auditore@equass.test"]]
    assert entries(grant, ActivityEntry.Verb.CREATED).exists()


def test_granting_a_member_auditor_lengthens_the_membership_and_tells_them(cast, django_capture_on_commit_callbacks):
    membership = cast.memberships[Role.EXTERNAL_AUDITOR]
    cycle = make_assessment(cast)
    with django_capture_on_commit_callbacks(execute=True):
        access.grant_create(
            org=cast.alfa, email=membership.user.email, assessment=cycle, valid_until=date(2030, 4, 30), by=cast.jonas
        )
    membership.refresh_from_db()
    assert membership.access_until == date(2030, 4, 30)
    assert not Invitation.objects.exists()
    assert mail.outbox[0].to == [membership.user.email]
    assert "2030-04-30" in mail.outbox[0].body


def test_an_insider_cannot_be_given_auditor_access(cast):
    with pytest.raises(ValidationError) as exc:
        access.grant_create(
            org=cast.alfa,
            email=cast.rasa.email,
            assessment=make_assessment(cast),
            valid_until=date(2030, 1, 1),
            by=cast.jonas,
        )
    assert "email" in exc.value.error_dict
    assert Membership.objects.get(user=cast.rasa).role == Role.STAFF


def test_a_grant_cannot_name_another_organisations_cycle(cast):
    beta_cycle = make_assessment(cast, org=cast.beta)
    with pytest.raises(ValidationError):
        access.grant_create(
            org=cast.alfa, email="a@equass.test", assessment=beta_cycle, valid_until=date(2030, 1, 1), by=cast.jonas
        )


def test_revoking_is_logged(cast):
    grant = access.grant_create(
        org=cast.alfa,
        email="a@equass.test",
        assessment=make_assessment(cast),
        valid_until=date(2030, 1, 1),
        by=cast.jonas,
    )
    access.grant_revoke(grant=grant, by=cast.jonas)
    assert grant.revoked_at is not None and not grant.is_active()
    assert entries(grant, ActivityEntry.Verb.STATUS).exists()


# ── Certificates, progress reports, management reviews ───────────────────────────────────────────────────────────


def test_a_certificate_gets_its_expiry_from_the_version_and_its_date_on_the_calendar(cast):
    version = make_version()
    certificate = services_records.certificate_save(
        certificate=Certificate(org=cast.alfa, version=version, reference="LIT2021-069", issued_on=date(2021, 5, 14)),
        by=cast.jonas,
        services=[cast.alfa_service],
    )
    assert certificate.expires_on == date(2024, 5, 14)
    assert list(certificate.services.all()) == [cast.alfa_service]
    milestone = certificate.expiry_milestone
    assert (milestone.kind, milestone.start_date) == (MilestoneKind.CERTIFICATE_EXPIRY, date(2024, 5, 14))
    assert "LIT2021-069" in milestone.title
    certificate.expires_on = date(2024, 6, 1)
    services_records.certificate_save(certificate=certificate, by=cast.jonas, services=[cast.alfa_service])
    milestone.refresh_from_db()
    assert milestone.start_date == date(2024, 6, 1)
    assert entries(certificate, ActivityEntry.Verb.UPDATED).get().changes["expires_on"] == ["2024-05-14", "2024-06-01"]


def test_a_certificate_cannot_cover_another_organisations_service(cast):
    with pytest.raises(ValidationError):
        services_records.certificate_save(
            certificate=Certificate(org=cast.alfa, version=make_version(), reference="X", issued_on=date(2021, 5, 14)),
            by=cast.jonas,
            services=[cast.beta_service],
        )


def test_progress_report_draft_collects_the_years_actions_and_findings(cast):
    from actions.services import action_create

    audit = make_audit(cast, planned_start=date(2025, 3, 4), title="Vidaus auditas 2025")
    finding = services.finding_create(audit=audit, kind="minor_nc", text="Trūksta registro", by=cast.jonas)
    action = services.finding_to_action(finding=finding, by=cast.jonas)
    ImprovementAction.objects.filter(pk=action.pk).update(status="effective", completed_on=date(2025, 6, 1))
    action_create(org=cast.alfa, title="Atnaujinti svetainę", source="other", by=cast.jonas, due_date=date(2026, 3, 1))
    report = services_records.progress_report_create(org=cast.alfa, year=2025, by=cast.jonas)
    assert report.title == "Pažangos ataskaita 2025"
    assert "Nr. 1 Trūksta registro — Patikrinta – veiksminga" in report.actions_text
    # Made after the year ended: not among that year's open actions, but among the next year's plans.
    assert "Atnaujinti svetainę" not in report.actions_text
    assert "Vidaus auditas 2025" in report.findings_text and "Nedidelė neatitiktis: 1" in report.findings_text
    assert "Atnaujinti svetainę" in report.next_steps
    assert entries(report, ActivityEntry.Verb.CREATED).exists()


def test_a_final_progress_report_is_not_collected_again(cast):
    report = services_records.progress_report_create(org=cast.alfa, year=2025, by=cast.jonas)
    services_records.progress_report_status(report=report, to="final", by=cast.jonas)
    with pytest.raises(ValidationError):
        services_records.progress_report_refresh(report=report, by=cast.jonas)
    assert ProgressReport.objects.get().finalised_on is not None


def test_management_review_gathers_inputs_and_its_decisions_become_actions(cast):
    from audits.forms import ReviewForm

    make_audit(cast, planned_start=date.today())
    form = ReviewForm({"title": "Vadovybės analizė", "held_on": "2026-01-22", "participants": "Direktorė"})
    form.instance.org = cast.alfa
    assert form.is_valid()
    review = services_records.review_save(form=form, by=cast.ona)
    assert review.inputs["actions"]["open"] == 0 and len(review.inputs["audits"]) == 1
    assert review.inputs["complaints"] is not None  # the complaints register answers now (empty here)
    assert review.milestone.kind == MilestoneKind.MANAGEMENT_REVIEW
    action = services_records.review_decision(
        review_obj=review, title="Peržiūrėti skundų tvarką", owner=cast.rasa, by=cast.ona
    )
    assert action.source == Source.MANAGEMENT_REVIEW and action.source_object == review
    assert list(review.decisions()) == [action]
    services_records.review_finalise(review_obj=review, by=cast.ona)
    with pytest.raises(ValidationError):
        services_records.review_refresh_inputs(review_obj=ManagementReview.objects.get(), by=cast.ona)


def test_checklist_items_of_another_version_are_refused(cast):
    audit = make_audit(cast)
    other = make_version(code="other-fw").indicators.first()
    item = ChecklistItem(org=cast.alfa, audit=audit, indicator=other)
    with pytest.raises(ValidationError):
        item.full_clean()


def test_a_taken_over_milestone_keeps_its_title_until_the_audit_is_renamed(cast):
    by_hand = Milestone.objects.create(
        org=cast.alfa, kind=MilestoneKind.INTERNAL_AUDIT, title="Vidaus auditas", start_date=date(2026, 10, 5)
    )
    audit = make_audit(cast, title="Vidaus auditas 2026")
    by_hand.refresh_from_db()
    assert audit.milestone == by_hand and by_hand.title == "Vidaus auditas"
    audit.title = "Vidaus auditas (rudens)"
    services.audit_save(audit=audit, by=cast.jonas)
    by_hand.refresh_from_db()
    assert by_hand.title == "Vidaus auditas (rudens)"


def test_progress_report_lists_the_years_surveys_and_their_weak_results(cast, monkeypatch):
    from types import SimpleNamespace

    from audits import progress

    weak = SimpleNamespace(text="Ar žinote, kaip pateikti skundą?", weak=True, mean=3.1, yes_pct=None)
    strong = SimpleNamespace(text="Ar jaučiatės saugūs?", weak=False, mean=4.7, yes_pct=None)
    summary = SimpleNamespace(
        title="Paslaugų gavėjų apklausa 2025",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 31),
        responses=41,
        questions=(weak, strong),
    )
    monkeypatch.setattr("surveys.evidence.summaries_for", lambda org, year=None: [summary] if year == 2025 else [])
    text = progress.collect(cast.alfa, 2025)["surveys_text"]  # surveys' contribution (surveys/surfaces.py)
    assert "2025 m. baigtos apklausos: 1." in text and "atsakymų – 41" in text
    assert "Silpnas rezultatas: Ar žinote, kaip pateikti skundą? — vidurkis 3.10." in text
    assert "saugūs" not in text
    assert progress.collect(cast.alfa, 2024)["surveys_text"] == ""
