from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from actions.models import ImprovementAction, Source
from assessments import services
from assessments.models import EvidenceItem, EvidenceKind, IndicatorAnswer, Status
from assessments.services import Conflict
from orgs.models import ActivityEntry

from .factories import answer_for, make_assessment, make_version

pytestmark = pytest.mark.django_db


def values(**changes):
    out = {"rating": "", "reason": "", "narrative": "", "responsible": None, "target_date": None}
    out.update(changes)
    return out


def save(answer, by, revision=None, **changes):
    answer.refresh_from_db()
    return services.answer_save(
        answer=answer, values=values(**changes), revision=answer.revision if revision is None else revision, by=by
    )


def test_create_prepares_an_answer_for_every_indicator_and_logs(cast):
    version = make_version(principles=2, criteria=2, indicators=3)
    cycle = make_assessment(cast, version, services=[cast.alfa_service])
    assert cycle.answers.count() == 12
    assert list(cycle.services.all()) == [cast.alfa_service]
    entry = ActivityEntry.objects.get(target_id=str(cycle.pk), verb=ActivityEntry.Verb.CREATED)
    assert entry.actor == cast.jonas and entry.org == cast.alfa


def test_cycle_cannot_use_another_organisations_framework(cast):
    beta_version = make_version(org=cast.beta, code="beta-own")
    with pytest.raises(ValidationError) as exc:
        make_assessment(cast, beta_version)
    assert "version" in exc.value.message_dict


def test_save_raises_revision_records_who_and_logs_the_change(cast):
    cycle = make_assessment(cast)
    answer = answer_for(cycle, "1.1.1")
    saved = save(answer, cast.rasa, rating="met", narrative="Tvarka patvirtinta įsakymu Nr. V-12.")
    answer.refresh_from_db()
    assert (answer.rating, answer.revision, answer.updated_by) == ("met", 1, cast.rasa)
    assert saved.revision == 1
    entry = ActivityEntry.objects.filter(target_id=str(answer.pk)).latest("pk")
    assert entry.verb == ActivityEntry.Verb.UPDATED and entry.actor == cast.rasa
    assert entry.changes["rating"] == ["", "Atitinka"]
    assert entry.changes["narrative"] == ["", "Tvarka patvirtinta įsakymu Nr. V-12."]


def test_save_based_on_an_old_revision_is_refused_and_nothing_changes(cast):
    cycle = make_assessment(cast)
    answer = answer_for(cycle, "1.1.1")
    save(answer, cast.rasa, rating="met", narrative="Rasos tekstas")  # revision 0 → 1
    with pytest.raises(Conflict) as exc:
        save(answer, cast.jonas, revision=0, rating="partly", narrative="Jono tekstas")
    assert exc.value.current.narrative == "Rasos tekstas" and exc.value.current.updated_by == cast.rasa
    answer.refresh_from_db()
    assert (answer.narrative, answer.revision) == ("Rasos tekstas", 1)


def test_stale_save_of_what_is_already_saved_is_not_a_conflict(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    save(answer, cast.rasa, rating="met")
    same = save(answer, cast.jonas, revision=0, rating="met")
    assert same.revision == 1 and same.updated_by == cast.rasa


def test_not_applicable_needs_a_reason(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    with pytest.raises(ValidationError) as exc:
        save(answer, cast.rasa, rating="na")
    assert "reason" in exc.value.message_dict
    save(answer, cast.rasa, rating="na", reason="Paslaugos vaikams neteikiame.")
    answer.refresh_from_db()
    assert answer.rating == "na"


def test_rating_outside_the_versions_list_is_refused(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    with pytest.raises(ValidationError) as exc:
        save(answer, cast.rasa, rating="excellent")
    assert "rating" in exc.value.message_dict


def test_responsible_must_be_a_member_who_can_edit(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    with pytest.raises(ValidationError):
        save(answer, cast.rasa, responsible=cast.petras)
    with pytest.raises(ValidationError):
        save(answer, cast.rasa, responsible=cast.vida)  # a viewer cannot be responsible
    save(answer, cast.rasa, responsible=cast.rasa)


def test_answers_of_a_completed_cycle_cannot_change(cast):
    cycle = make_assessment(cast)
    type(cycle).objects.filter(pk=cycle.pk).update(status=Status.COMPLETED)
    with pytest.raises(ValidationError):
        save(answer_for(cycle, "1.1.1"), cast.rasa, rating="met")


def test_transitions_are_enforced_and_logged(cast):
    cycle = make_assessment(cast, make_version(principles=1, criteria=1, indicators=1))
    with pytest.raises(ValidationError):
        services.assessment_transition(assessment=cycle, to=Status.COMPLETED, by=cast.jonas)  # not from draft
    services.assessment_transition(assessment=cycle, to=Status.IN_REVIEW, by=cast.jonas)
    with pytest.raises(ValidationError) as exc:
        services.assessment_transition(assessment=cycle, to=Status.COMPLETED, by=cast.jonas)
    assert "1" in exc.value.messages[0]  # one indicator not rated
    save(answer_for(cycle, "1.1.1"), cast.rasa, rating="met")
    done = services.assessment_transition(assessment=cycle, to=Status.COMPLETED, by=cast.jonas)
    assert done.status == Status.COMPLETED and done.completed_on is not None
    entry = ActivityEntry.objects.filter(target_id=str(cycle.pk), verb=ActivityEntry.Verb.STATUS).latest("pk")
    assert entry.changes == {"status": [str(Status.IN_REVIEW.label), str(Status.COMPLETED.label)]}


def test_gap_becomes_an_action_linked_to_the_answer_and_its_principle(cast):
    cycle = make_assessment(cast)
    answer = answer_for(cycle, "2.1.1")
    save(answer, cast.rasa, rating="not_met", responsible=cast.rasa, target_date=date(2026, 9, 1))
    action = services.gap_action_create(answer=answer, by=cast.jonas)
    assert action.source == Source.SELF_ASSESSMENT
    assert action.source_object == answer
    assert list(action.indicators.all()) == [answer.indicator]
    assert action.principle == answer.indicator.criterion.principle
    assert (action.owner, action.due_date) == (cast.rasa, date(2026, 9, 1))
    assert action.title.startswith("2.1.1")
    assert services.gap_action_create(answer=answer, by=cast.jonas) == action  # a second click: no duplicate
    assert ImprovementAction.objects.filter(source_type=ContentType.objects.get_for_model(IndicatorAnswer)).count() == 1


def test_gap_title_is_the_main_clause_cut_at_a_word(cast):
    from frameworks.models import Indicator

    long = Indicator(
        code="2.1.1",
        title_lt="Įstaiga turi patvirtintą kokybės politiką, kuri skelbiama interneto svetainėje ir peržiūrima.",
    )
    assert services.gap_action_title(long) == "2.1.1 Įstaiga turi patvirtintą kokybės politiką"
    hanging = Indicator(
        code="1.1.2",
        title_lt="Per auditą paklausti darbuotojai savais žodžiais paaiškina įstaigos misiją ir tai, kaip jų darbas.",
    )
    title = services.gap_action_title(hanging)
    assert title == "1.1.2 Per auditą paklausti darbuotojai savais žodžiais paaiškina įstaigos misiją"  # not "ir tai"
    words = (
        "Labai ilgas rodiklio tekstas be jokių kablelių kuris tęsiasi ir tęsiasi toliau ir niekaip nesibaigia "
        "net po aštuoniasdešimties ženklų ribos"
    )
    cut = services.gap_action_title(Indicator(code="3.1.1", title_lt=words))
    assert len(cut) <= 80 and cut.endswith("…") and cut[:-1].split(" ")[-1] in words.split(" ")


def test_only_a_gap_becomes_an_action(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    save(answer, cast.rasa, rating="met")
    with pytest.raises(ValidationError):
        services.gap_action_create(answer=answer, by=cast.jonas)


def test_evidence_item_serves_several_indicators_and_cycles_share_it(cast):
    cycle = make_assessment(cast)
    first, second = answer_for(cycle, "1.1.1"), answer_for(cycle, "1.2.1")
    item = services.evidence_add(
        answer=first, by=cast.rasa, kind=EvidenceKind.URL, title="Kokybės politika", url="https://example.lt/politika"
    )
    services.evidence_link(answer=second, item=item, by=cast.rasa)
    assert set(item.answers.all()) == {first, second}
    services.evidence_unlink(answer=first, item=item, by=cast.rasa)
    assert list(item.answers.all()) == [second] and EvidenceItem.objects.filter(pk=item.pk).exists()
    assert ActivityEntry.objects.filter(target_id=str(first.pk), changes__evidence__isnull=False).count() == 2


def test_evidence_of_each_kind_needs_its_field(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(answer=answer, by=cast.rasa, kind=EvidenceKind.RECORD, title="Tarybos protokolas")
    assert "reference" in exc.value.message_dict
    beta_action = ImprovementAction.objects.create(org=cast.beta, number=1, title="Betos veiksmas")
    with pytest.raises(ValidationError):
        services.evidence_add(answer=answer, by=cast.rasa, kind=EvidenceKind.ACTION, title="x", action=beta_action)


def test_evidence_of_another_organisation_cannot_be_linked(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    foreign = EvidenceItem.objects.create(org=cast.beta, kind=EvidenceKind.URL, title="Beta", url="https://beta.lt")
    with pytest.raises(ValidationError):
        services.evidence_link(answer=answer, item=foreign, by=cast.rasa)


def complete(cycle):
    type(cycle).objects.filter(pk=cycle.pk).update(status=Status.COMPLETED)
    cycle.refresh_from_db()
    return cycle


def test_copy_cycle_resets_ratings_and_keeps_narratives_owners_and_evidence(cast):
    old = make_assessment(cast, title="Įsivertinimas 2021", services=[cast.alfa_service])
    answer = answer_for(old, "1.1.1")
    save(answer, cast.rasa, rating="partly", narrative="Politika patvirtinta 2020 m.", responsible=cast.rasa)
    item = services.evidence_add(
        answer=answer, by=cast.rasa, kind=EvidenceKind.RECORD, title="Įsakymas", reference="Nr. V-15"
    )
    with pytest.raises(ValidationError):
        services.assessment_copy(
            source=old, by=cast.jonas, title="x", period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
        )
    new = services.assessment_copy(
        source=complete(old),
        by=cast.jonas,
        title="Įsivertinimas 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    assert new.copied_from == old and new.version == old.version and list(new.services.all()) == [cast.alfa_service]
    assert new.answers.count() == old.answers.count()
    copied = answer_for(new, "1.1.1")
    assert copied.rating == "" and copied.revision == 0
    assert (copied.narrative, copied.responsible) == ("Politika patvirtinta 2020 m.", cast.rasa)
    assert list(copied.evidence.all()) == [item]
    assert set(item.answers.all()) == {answer, copied}
    answer.refresh_from_db()
    assert answer.rating == "partly"  # the old cycle is untouched
    assert ActivityEntry.objects.filter(target_id=str(new.pk), verb=ActivityEntry.Verb.CREATED).exists()


def test_comment_is_logged(cast):
    answer = answer_for(make_assessment(cast), "1.1.1")
    services.answer_comment(answer=answer, body="Trūksta įsakymo numerio.", by=cast.users["consultant"])
    assert answer.comments.get().body == "Trūksta įsakymo numerio."
    assert ActivityEntry.objects.filter(target_id=str(answer.pk), verb=ActivityEntry.Verb.COMMENTED).exists()
