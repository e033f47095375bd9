"""action_create / action_update / action_transition / action_verify: DB state, activity log, notifications."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions import services
from actions.models import TRANSITIONS, VERDICTS, ImprovementAction, Source, Status
from frameworks.models import Criterion, Framework, FrameworkVersion, Indicator, Principle
from orgs.models import ActivityEntry
from orgs.roles import Role
from work.models import Milestone, Notification

pytestmark = pytest.mark.django_db


def make_indicators(n=3, org=None, label="2018", principles=2):
    """A framework version with `principles` principles and n indicators spread over them."""
    framework, _ = Framework.objects.get_or_create(code="equass", defaults={"name_lt": "EQUASS", "name_en": "EQUASS"})
    version = FrameworkVersion.objects.create(framework=framework, org=org, label=label)
    out = []
    for p in range(principles):
        principle = Principle.objects.create(
            version=version, code=str(p + 1), order=p, name_lt=f"Principas {p + 1}", name_en=f"Principle {p + 1}"
        )
        criterion = Criterion.objects.create(
            version=version, principle=principle, code=f"{p + 1}.1", title_lt="Kriterijus", title_en="Criterion"
        )
        for i in range(n // principles + (1 if p < n % principles else 0)):
            out.append(
                Indicator.objects.create(
                    version=version,
                    criterion=criterion,
                    code=f"{p + 1}.1.{i + 1}",
                    order=i,
                    title_lt=f"Rodiklis {p + 1}.1.{i + 1}",
                    title_en=f"Indicator {p + 1}.1.{i + 1}",
                )
            )
    return out


def create(cast, org=None, by=None, **fields):
    org = org or cast.alfa
    fields.setdefault("title", "Atnaujinti skundų nagrinėjimo tvarką")
    fields.setdefault("source", Source.OTHER)
    return services.action_create(org=org, by=by or (cast.jonas if org == cast.alfa else cast.petras), **fields)


def entries(action, verb=None):
    qs = ActivityEntry.objects.filter(target_id=str(action.pk), target_type__model="improvementaction")
    return list(qs.filter(verb=verb) if verb else qs)


# ── action_create ────────────────────────────────────────────────────────────────────────────────────────────────


def test_create_from_another_module_links_source_object_and_indicators(cast):
    gap = Milestone.objects.create(org=cast.alfa, title="Įsivertinimas", start_date=timezone.localdate())
    indicators = make_indicators(3)
    due = timezone.localdate() + timedelta(days=30)

    action = services.action_create(
        org=cast.alfa,
        title="Parengti skundų tvarką",
        source=Source.SELF_ASSESSMENT,
        by=cast.jonas,
        source_object=gap,
        indicators=indicators[1:],
        owner=cast.rasa,
        due_date=due,
        participants=[cast.users[Role.UNIT_HEAD]],
        unit=cast.alfa_unit,
        priority="high",
    )

    action = ImprovementAction.objects.get(pk=action.pk)
    assert action.number == 1
    assert action.source == Source.SELF_ASSESSMENT
    assert action.source_object == gap
    assert set(action.indicators.all()) == set(indicators[1:])
    assert action.principle == indicators[1].criterion.principle  # from the first indicator given
    assert (action.owner, action.due_date, action.unit, action.priority) == (cast.rasa, due, cast.alfa_unit, "high")
    assert list(action.participants.all()) == [cast.users[Role.UNIT_HEAD]]
    assert action.created_by == cast.jonas
    assert action.status == Status.PLANNED
    [entry] = entries(action)
    assert entry.verb == ActivityEntry.Verb.CREATED and entry.actor == cast.jonas
    assert entry.changes["title"] == ["", "Parengti skundų tvarką"]


def test_create_keeps_a_principle_given_explicitly(cast):
    indicators = make_indicators(4)
    other = indicators[-1].criterion.principle
    action = create(cast, indicators=indicators[:1], principle=other)
    assert action.principle == other


def test_numbers_run_per_organisation(cast):
    numbers = [create(cast).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert create(cast, org=cast.beta).number == 1
    assert create(cast).number == 4


def test_number_continues_after_the_highest_even_with_gaps(cast):
    ImprovementAction.objects.create(org=cast.alfa, number=41, title="Iš importo")
    assert create(cast).number == 42


def test_owner_and_participants_are_told(cast):
    unit_head = cast.users[Role.UNIT_HEAD]
    action = create(cast, owner=cast.rasa, participants=[unit_head, cast.jonas])
    assert Notification.objects.get(user=cast.rasa).verb == "assigned"
    assert Notification.objects.get(user=unit_head).verb == "participant"
    assert not Notification.objects.filter(user=cast.jonas).exists()  # nobody is told of their own act
    assert Notification.objects.get(user=cast.rasa).target_url == action.get_absolute_url()


def test_outsider_cannot_be_owner_or_participant(cast):
    with pytest.raises(ValidationError) as exc:
        create(cast, owner=cast.petras)
    assert "owner" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        create(cast, participants=[cast.petras])
    assert "participants" in exc.value.error_dict
    assert not ImprovementAction.objects.exists()


def test_viewer_cannot_own_an_action(cast):
    with pytest.raises(ValidationError):
        create(cast, owner=cast.vida)


def test_another_organisations_indicators_source_or_unit_are_refused(cast):
    theirs = make_indicators(1, org=cast.beta, label="Betos")
    with pytest.raises(ValidationError):
        create(cast, indicators=theirs)
    with pytest.raises(ValidationError):
        create(cast, source_object=cast.beta_service)
    with pytest.raises(ValidationError):
        create(cast, unit=cast.beta_unit)
    assert not ImprovementAction.objects.exists()
    assert not ActivityEntry.objects.filter(verb=ActivityEntry.Verb.CREATED).exists()


def test_own_imported_framework_is_usable(cast):
    ours = make_indicators(1, org=cast.alfa, label="Alfos")
    assert list(create(cast, indicators=ours).indicators.all()) == ours


def test_due_before_start_is_refused_with_a_message(cast):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        create(cast, start_date=today, due_date=today - timedelta(days=1))
    assert exc.value.message_dict["due_date"] == ["Įvykdymo terminas negali būti ankstesnis už pradžios datą."]


# ── transitions ──────────────────────────────────────────────────────────────────────────────────────────────────

ALL_PAIRS = [(a, b) for a in Status.values for b in Status.values if a != b]
BUTTON_PAIRS = [(a, b) for a, b in ALL_PAIRS if b in TRANSITIONS[a] and b not in VERDICTS]
REFUSED_PAIRS = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[a]]


def at(cast, status, **fields):
    action = create(cast, owner=cast.rasa)
    ImprovementAction.objects.filter(pk=action.pk).update(status=status, **fields)
    action.refresh_from_db()
    return action


def test_the_path_is_the_documented_one():
    assert BUTTON_PAIRS == [
        ("planned", "in_progress"),
        ("in_progress", "done"),
        ("done", "in_progress"),
        ("effective", "in_progress"),
        ("not_effective", "in_progress"),
    ]


@pytest.mark.parametrize(("start", "to"), BUTTON_PAIRS)
def test_allowed_transition_moves_and_logs_once(cast, start, to):
    action = at(cast, start)
    before = len(entries(action))
    services.action_transition(action=action, to=to, by=cast.jonas)
    action.refresh_from_db()
    assert action.status == to
    [entry] = entries(action)[: len(entries(action)) - before]
    assert entry.verb == ActivityEntry.Verb.STATUS and entry.actor == cast.jonas
    assert entry.changes["status"] == [str(Status(start).label), str(Status(to).label)]


@pytest.mark.parametrize(("start", "to"), REFUSED_PAIRS)
def test_refused_transition_changes_nothing_and_says_why(cast, start, to):
    action = at(cast, start)
    before = (len(entries(action)), ImprovementAction.objects.filter(pk=action.pk).values().get())
    with pytest.raises(ValidationError) as exc:
        services.action_transition(action=action, to=to, by=cast.jonas)
    assert (len(entries(action)), ImprovementAction.objects.filter(pk=action.pk).values().get()) == before
    assert exc.value.messages == [
        f"Veiksmo, kurio būsena „{Status(start).label}“, negalima perkelti į būseną „{Status(to).label}“."
    ]


@pytest.mark.parametrize("to", VERDICTS)
def test_verdicts_are_only_reached_through_verification(cast, to):
    action = at(cast, Status.DONE)
    with pytest.raises(ValidationError) as exc:
        services.action_transition(action=action, to=to, by=cast.jonas)
    assert "patikrinimą" in exc.value.messages[0]
    action.refresh_from_db()
    assert action.status == Status.DONE


def test_done_sets_completion_date_and_full_progress(cast):
    action = at(cast, Status.IN_PROGRESS, progress=40)
    services.action_transition(action=action, to=Status.DONE, by=cast.rasa)
    action.refresh_from_db()
    assert (action.completed_on, action.progress) == (timezone.localdate(), 100)


def test_reopen_clears_completion_and_verdict_but_history_keeps_them(cast):
    today = timezone.localdate()
    action = at(cast, Status.NOT_EFFECTIVE, completed_on=today, verified_on=today, verified_by=cast.jonas)
    ImprovementAction.objects.filter(pk=action.pk).update(verification_note="Skundų nesumažėjo")
    services.action_transition(action=action, to=Status.IN_PROGRESS, by=cast.rasa, note="Bandome kitaip")
    action.refresh_from_db()
    assert (action.completed_on, action.verified_on, action.verified_by, action.verification_note) == (
        None,
        None,
        None,
        "",
    )
    entry = entries(action, ActivityEntry.Verb.STATUS)[0]
    assert entry.changes["verification_note"] == ["Skundų nesumažėjo", ""]
    assert action.comments.get().body == "Bandome kitaip"


def test_owner_moves_own_action_but_another_staff_member_cannot(cast):
    action = at(cast, Status.PLANNED)
    services.action_transition(action=action, to=Status.IN_PROGRESS, by=cast.rasa)
    with pytest.raises(ValidationError) as exc:
        services.action_transition(action=action, to=Status.DONE, by=cast.users[Role.INTERNAL_AUDITOR])
    assert "Tai gali padaryti tik" in exc.value.messages[0]
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_unit_head_moves_actions_of_her_unit_and_its_sub_units(cast):
    head = cast.memberships[Role.UNIT_HEAD]
    head.unit = cast.alfa_unit
    head.save()
    action = at(cast, Status.PLANNED, unit=cast.alfa_subunit)
    services.action_transition(action=action, to=Status.IN_PROGRESS, by=head.user)
    other = at(cast, Status.PLANNED)
    with pytest.raises(ValidationError):
        services.action_transition(action=other, to=Status.IN_PROGRESS, by=head.user)


def test_only_managers_reopen_an_action_verified_effective(cast):
    action = at(cast, Status.EFFECTIVE)
    with pytest.raises(ValidationError) as exc:
        services.action_transition(action=action, to=Status.IN_PROGRESS, by=cast.rasa)
    assert "vadovas arba kokybės koordinatorius" in exc.value.messages[0]
    services.action_transition(action=action, to=Status.IN_PROGRESS, by=cast.ona)
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS


def test_owner_is_told_when_someone_else_moves_the_action(cast):
    action = at(cast, Status.PLANNED)
    Notification.objects.all().delete()
    services.action_transition(action=action, to=Status.IN_PROGRESS, by=cast.jonas)
    assert Notification.objects.get(user=cast.rasa).verb == "status"


def test_stale_object_is_judged_by_the_status_in_the_database(cast):
    """Two tabs: the second press is checked against the status saved by the first, not the one it loaded."""
    action = at(cast, Status.IN_PROGRESS)
    stale = ImprovementAction.objects.get(pk=action.pk)
    services.action_transition(action=action, to=Status.DONE, by=cast.jonas)
    with pytest.raises(ValidationError):
        services.action_transition(action=stale, to=Status.DONE, by=cast.rasa)
    assert len(entries(action, ActivityEntry.Verb.STATUS)) == 1


def test_allowed_transitions_per_person(cast):
    action = at(cast, Status.DONE)
    assert action.allowed_transitions(cast.memberships[Role.STAFF]) == [Status.IN_PROGRESS]
    assert action.allowed_transitions(cast.memberships[Role.VIEWER]) == []
    assert action.allowed_transitions(cast.memberships[Role.INTERNAL_AUDITOR]) == []
    assert action.can_verify(cast.memberships[Role.INTERNAL_AUDITOR])
    assert not action.can_verify(cast.memberships[Role.STAFF])


# ── verification ─────────────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("effective", "status"), [(True, Status.EFFECTIVE), (False, Status.NOT_EFFECTIVE)])
def test_verification_records_date_who_result_and_evidence(cast, effective, status):
    today = timezone.localdate()
    action = at(cast, Status.DONE, completed_on=today - timedelta(days=10))
    auditor = cast.users[Role.INTERNAL_AUDITOR]
    services.action_verify(action=action, effective=effective, on=today, note="Apklausa: 92 % patenkinti", by=auditor)
    action.refresh_from_db()
    assert (action.status, action.verified_on, action.verified_by, action.verification_note) == (
        status,
        today,
        auditor,
        "Apklausa: 92 % patenkinti",
    )
    entry = entries(action, ActivityEntry.Verb.STATUS)[0]
    assert entry.actor == auditor
    assert entry.changes["status"] == [str(Status.DONE.label), str(status.label)]
    assert entry.changes["verification_note"] == ["", "Apklausa: 92 % patenkinti"]


def test_staff_cannot_verify_even_their_own_action(cast):
    action = at(cast, Status.DONE)
    with pytest.raises(ValidationError) as exc:
        services.action_verify(action=action, effective=True, on=timezone.localdate(), note="Gerai", by=cast.rasa)
    assert "vidaus auditorius" in exc.value.messages[0]
    action.refresh_from_db()
    assert action.status == Status.DONE and action.verified_on is None


@pytest.mark.parametrize("status", [Status.PLANNED, Status.IN_PROGRESS, Status.EFFECTIVE])
def test_only_a_done_action_is_verified(cast, status):
    action = at(cast, status)
    with pytest.raises(ValidationError):
        services.action_verify(action=action, effective=True, on=timezone.localdate(), note="Gerai", by=cast.jonas)


def test_verification_needs_evidence_and_a_sensible_date(cast):
    today = timezone.localdate()
    action = at(cast, Status.DONE, completed_on=today - timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        services.action_verify(action=action, effective=True, on=today + timedelta(days=1), note=" ", by=cast.jonas)
    assert set(exc.value.message_dict) == {"note", "on"}
    with pytest.raises(ValidationError) as exc:
        services.action_verify(action=action, effective=True, on=today - timedelta(days=5), note="X", by=cast.jonas)
    assert set(exc.value.message_dict) == {"on"}
    action.refresh_from_db()
    assert action.status == Status.DONE
    assert not entries(action, ActivityEntry.Verb.STATUS)


def test_outsider_cannot_move_or_verify(cast):
    action = at(cast, Status.DONE)
    with pytest.raises(ValidationError):
        services.action_transition(action=action, to=Status.IN_PROGRESS, by=cast.petras)
    with pytest.raises(ValidationError):
        services.action_verify(action=action, effective=True, on=timezone.localdate(), note="X", by=cast.petras)


# ── action_update ────────────────────────────────────────────────────────────────────────────────────────────────


def test_update_logs_changed_fields_and_tells_the_new_owner(cast):
    from actions.forms import ActionForm

    action = create(cast, owner=cast.rasa)
    Notification.objects.all().delete()
    form = ActionForm(
        {"title": "Nauja antraštė", "source": "other", "owner": cast.ona.pk, "priority": "medium", "progress": 20},
        instance=action,
        org=cast.alfa,
    )
    assert form.is_valid(), form.errors
    services.action_update(action=action, form=form, by=cast.jonas)
    entry = entries(action, ActivityEntry.Verb.UPDATED)[0]
    assert entry.changes["title"] == ["Atnaujinti skundų nagrinėjimo tvarką", "Nauja antraštė"]
    assert entry.changes["owner"] == [str(cast.rasa), str(cast.ona)]
    assert entry.changes["progress"] == ["0", "20"]
    assert "description" not in entry.changes
    assert Notification.objects.get(user=cast.ona).verb == "assigned"
