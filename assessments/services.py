"""Changes to self-assessments: atomic, validated, one activity entry each."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from actions.models import ImprovementAction, Source
from actions.services import action_create
from frameworks.models import Indicator
from kokybe.lib import uploads
from orgs import activity
from orgs.models import ActivityEntry

from .models import (
    FINISHED,
    AnswerComment,
    Assessment,
    EvidenceItem,
    EvidenceKind,
    IndicatorAnswer,
    Status,
    members_in,
)
from .readiness import GAPS

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User
    from documents.models import Document, DocumentVersion
    from frameworks.models import FrameworkVersion
    from orgs.models import Organisation, Service
    from surveys.models import Campaign

ASSESSMENT_LOGGED = ["title", "version", "period_start", "period_end", "coordinator", "due_date", "services"]
EvidenceLink = EvidenceItem.answers.through


class Conflict(Exception):
    """Someone saved the answer after the revision this save was based on; `current` is their saved version."""

    def __init__(self, current: IndicatorAnswer) -> None:
        super().__init__("the answer changed since it was loaded")
        self.current = current


def _not_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise ValidationError(
            _("This self-assessment is “%(status)s”: its answers can no longer be changed.")
            % {"status": assessment.get_status_display()},
            code="closed",
        )


def _create_answers(
    assessment: Assessment, indicator_ids: Iterable[int], carried: dict[int, dict[str, Any]] | None = None
) -> list[IndicatorAnswer]:
    carried = carried or {}
    answers = [
        IndicatorAnswer(org_id=assessment.org_id, assessment=assessment, indicator_id=pk, **carried.get(pk, {}))
        for pk in indicator_ids
    ]
    return IndicatorAnswer.objects.bulk_create(answers)


@transaction.atomic
def assessment_create(
    *,
    org: Organisation,
    version: FrameworkVersion,
    title: str,
    period_start: date,
    period_end: date,
    by: User,
    services: Iterable[Service] = (),
    coordinator: User | None = None,
    **fields: Any,
) -> Assessment:
    """A new cycle with an empty answer for every indicator of the version (so each has a revision from the start)."""
    assessment = Assessment(
        org=org,
        version=version,
        title=title,
        period_start=period_start,
        period_end=period_end,
        coordinator=coordinator,
        created_by=by,
        **fields,
    )
    assessment.full_clean()
    assessment.save()
    assessment.services.set(services)
    _create_answers(assessment, Indicator.objects.filter(version=version).values_list("pk", flat=True))
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=assessment,
        changes=activity.diff({}, activity.snapshot(assessment, ASSESSMENT_LOGGED)),
    )
    return assessment


@transaction.atomic
def assessment_transition(*, assessment: Assessment, to: str, by: User) -> Assessment:
    assessment = Assessment.objects.select_for_update().select_related("org", "version").get(pk=assessment.pk)
    refusal = assessment.transition_refusal(to, unrated=assessment.answers.unrated().count())
    if refusal:
        raise ValidationError(refusal, code="transition")
    before = assessment.get_status_display()
    assessment.status = to
    if to == Status.COMPLETED:
        assessment.completed_on = timezone.localdate()
    assessment.full_clean()
    assessment.save()
    activity.record(
        org=assessment.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=assessment,
        changes={"status": [before, assessment.get_status_display()]},
    )
    return assessment


def _answer_text(answer: IndicatorAnswer, name: str) -> str:
    if name == "rating":
        ratings = {r["code"]: r for r in answer.assessment.version.ratings}
        return answer.assessment.version.rating_label(ratings[answer.rating]) if answer.rating in ratings else ""
    if name == "responsible":
        return str(answer.responsible) if answer.responsible_id else ""
    value = getattr(answer, name)
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")


@transaction.atomic
def answer_save(*, answer: IndicatorAnswer, values: dict[str, Any], revision: int, by: User) -> IndicatorAnswer:
    """Save a person's edit of one answer, based on `revision` (the one their form showed).

    Raises Conflict when someone else saved in between — unless the saved content already equals this edit, in
    which case nothing would be lost. `values` holds IndicatorAnswer.EDITABLE_FIELDS (responsible as a User).
    `answer` is the answer as the caller loaded it, with its assessment (version and org) at hand: the autosave runs
    on every change, so the write is one compare-and-set UPDATE, and the database is read again only on a conflict.
    """
    assessment = answer.assessment
    _not_editable(assessment)
    edited = copy.copy(answer)
    for name, value in values.items():
        setattr(edited, name, value)
    if edited.values() == answer.values() and answer.revision == revision:
        return answer
    if answer.revision != revision:
        return _refuse_or_keep(edited)
    # Only what the person edits is validated here: the rest of the row is as saved, and `responsible` is a User the
    # form took from the organisation's members (re-checking its existence would cost a query per save).
    edited.full_clean(
        exclude=[f.name for f in IndicatorAnswer._meta.fields if f.name not in values or f.name == "responsible"],
        validate_unique=False,
        validate_constraints=False,
    )
    changes = {
        name: [_answer_text(answer, name), _answer_text(edited, name)]
        for name in IndicatorAnswer.EDITABLE_FIELDS
        if answer.values()[name] != edited.values()[name]
    }
    edited.revision = answer.revision + 1
    edited.updated_by = by
    edited.updated_at = timezone.now()
    # Compare-and-set: the row changes only if nobody saved since the revision this edit builds on.
    saved = IndicatorAnswer.objects.filter(pk=answer.pk, revision=answer.revision).update(
        **{f"{n}_id" if n == "responsible" else n: v for n, v in edited.values().items()},
        revision=edited.revision,
        updated_by=by,
        updated_at=edited.updated_at,
    )
    if not saved:
        return _refuse_or_keep(edited)
    activity.record(org=assessment.org, by=by, verb=ActivityEntry.Verb.UPDATED, target=edited, changes=changes)
    return edited


def _refuse_or_keep(edited: IndicatorAnswer) -> IndicatorAnswer:
    """Someone saved in between: keep theirs if it already says what this edit says, otherwise refuse the edit."""
    queryset = IndicatorAnswer.objects.select_related("assessment__version", "assessment__org", "indicator")
    current = queryset.select_related("updated_by", "responsible").get(pk=edited.pk)
    if current.values() == edited.values():
        return current
    raise Conflict(current)


@transaction.atomic
def answer_comment(*, answer: IndicatorAnswer, body: str, by: User) -> AnswerComment:
    comment = AnswerComment(org_id=answer.org_id, answer=answer, author=by, body=body.strip())
    comment.full_clean()
    comment.save()
    activity.record(
        org=answer.assessment.org,
        by=by,
        verb=ActivityEntry.Verb.COMMENTED,
        target=answer,
        changes={"comment": ["", Truncator(comment.body).chars(200)]},
        labels={"comment": gettext_noop("Comment")},
    )
    return comment


def _log_evidence(answer: IndicatorAnswer, by: User, before: str, after: str) -> None:
    activity.record(
        org=answer.assessment.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=answer,
        changes={"evidence": [before, after]},
        labels={"evidence": gettext_noop("Evidence")},
    )


@transaction.atomic
def evidence_add(
    *, answer: IndicatorAnswer, by: User, kind: str, title: str, upload: UploadedFile | None = None, **fields: Any
) -> EvidenceItem:
    """A new evidence item linked to the answer; an uploaded file goes through the one upload path."""
    _not_editable(answer.assessment)
    item = EvidenceItem(org_id=answer.org_id, kind=kind, title=title, created_by=by, **fields)
    if kind == EvidenceKind.FILE and upload is not None:
        file_kind = uploads.check(upload)
        item.original_name = uploads.stored_name(file_kind, upload.name)
        item.content_type = file_kind.content_type
        item.size = upload.size
        item.file.save(file_kind.storage_name(), upload, save=False)
    try:
        item.full_clean()
        item.save()
    except Exception:
        # The file is already in storage; without its row nothing would ever find or delete it.
        if item.file:
            item.file.storage.delete(item.file.name)  # type: ignore[arg-type]  # a saved file has a name
        raise
    item.answers.add(answer)
    _log_evidence(answer, by, "", str(item))
    return item


@transaction.atomic
def evidence_attach(
    *,
    answer: IndicatorAnswer,
    by: User,
    kind: str,
    document: Document | None = None,
    document_version: DocumentVersion | None = None,
    campaign: Campaign | None = None,
) -> EvidenceItem:
    """A document (or one approved version) or a finished survey's results as evidence. The organisation keeps one
    item per target, so the same policy linked to ten indicators is one row in the evidence matrix."""
    _not_editable(answer.assessment)
    target = {"kind": kind, "document": document, "document_version": document_version, "campaign": campaign}
    item = (
        EvidenceItem.objects.for_org(answer.org_id)
        .filter(evidence_date=None, expires_on=None, **target)
        .order_by("pk")
        .first()
    )
    if item is None:
        if document_version is not None:
            title = f"{document_version.display_title} · v{document_version.number}"
        else:
            title = document.title if document is not None else campaign.title  # type: ignore[union-attr]  # one is set
        item = EvidenceItem(org_id=answer.org_id, title=title[:255], created_by=by, **target)
        item.full_clean()
        item.save()
    if not item.answers.filter(pk=answer.pk).exists():
        item.answers.add(answer)
        _log_evidence(answer, by, "", str(item))
    return item


@transaction.atomic
def evidence_link(*, answer: IndicatorAnswer, item: EvidenceItem, by: User) -> None:
    """Let an existing evidence item of the organisation serve one more indicator."""
    _not_editable(answer.assessment)
    if item.org_id != answer.org_id:
        raise ValidationError(_("This evidence belongs to another organisation."), code="foreign")
    if not item.answers.filter(pk=answer.pk).exists():
        item.answers.add(answer)
        _log_evidence(answer, by, "", str(item))


@transaction.atomic
def evidence_unlink(*, answer: IndicatorAnswer, item: EvidenceItem, by: User) -> None:
    """Take the evidence off this indicator; the item itself stays for the others it serves."""
    _not_editable(answer.assessment)
    if item.answers.filter(pk=answer.pk).exists():
        item.answers.remove(answer)
        _log_evidence(answer, by, str(item), "")


def gap_actions(answers: Iterable[IndicatorAnswer]) -> dict[int, ImprovementAction]:
    """{answer pk: the improvement action created from that gap} for the given answers, in one query."""
    answers = list(answers)
    if not answers:
        return {}
    content_type = ContentType.objects.get_for_model(IndicatorAnswer)
    actions = ImprovementAction.objects.filter(
        org_id=answers[0].org_id, source_type=content_type, source_id__in=[str(a.pk) for a in answers]
    ).select_related("owner")
    return {int(a.source_id): a for a in actions.order_by("number")}


GAP_TITLE_CHARS = 80
# Words a clause cut at its comma may end on, which leave it hanging ("… misiją ir tai").
_DANGLING = {"ir", "ar", "bei", "tai", "kad", "kaip", "and", "or", "that", "the", "a", "to", "of"}


def gap_action_title(indicator: Indicator, limit: int = GAP_TITLE_CHARS) -> str:
    """A short task title from an indicator: its code and the main clause of its text, cut at a word, not mid-word.

    "2.1.1 Įstaiga turi patvirtintą kokybės politiką, kuri skelbiama…" → "2.1.1 Įstaiga turi patvirtintą kokybės
    politiką". It only prefills the form: the person edits it.
    """
    text = " ".join(indicator.title.split()).rstrip(".")
    for mark in (". ", "; ", ": ", ", "):
        head = text.split(mark, 1)[0]
        if len(head) >= 25:
            text = head
    words = text.split(" ")
    while len(words) > 3 and words[-1].lower() in _DANGLING:
        words.pop()
    text = " ".join(words)
    room = limit - len(indicator.code) - 1
    if len(text) > room:
        text = text[: room - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"{indicator.code} {text}"


@transaction.atomic
def gap_action_create(
    *, answer: IndicatorAnswer, by: User, title: str | None = None, due_date: date | None = None
) -> ImprovementAction:
    """One improvement action for a not met / partly met indicator, linked back to the answer (its source).

    `title` and `due_date` are what the person gave; without them the action takes the shortened indicator title
    and the answer's target date. A second click returns the action the first one made instead of a duplicate.
    """
    answer = (
        # OF self: PostgreSQL cannot lock the nullable side of the outer join to "responsible".
        IndicatorAnswer.objects.select_for_update(of=("self",))
        .select_related("assessment__version", "assessment__org", "indicator__criterion__principle", "responsible")
        .get(pk=answer.pk)
    )
    existing = gap_actions([answer]).get(answer.pk)
    if existing is not None:
        return existing
    version = answer.assessment.version
    if answer.assessment.buckets.get(answer.rating) not in GAPS:
        raise ValidationError(_("Only an indicator rated not met or partly met is a gap."), code="not_gap")
    indicator = answer.indicator
    owner = answer.responsible
    if owner is not None and not members_in(answer.org_id).filter(user=owner).exists():
        owner = None
    rating = next(r for r in version.ratings if r["code"] == answer.rating)
    description = _("Self-assessment “%(cycle)s”: indicator %(code)s is rated “%(rating)s”.\n\n%(indicator)s") % {
        "cycle": answer.assessment.title,
        "code": indicator.code,
        "rating": version.rating_label(rating),
        "indicator": indicator.title,
    }
    return action_create(
        org=answer.assessment.org,
        title=(title or "").strip() or gap_action_title(indicator),
        source=Source.SELF_ASSESSMENT,
        by=by,
        source_object=answer,
        indicators=[indicator],
        owner=owner,
        due_date=due_date or answer.target_date,
        description=description,
    )


@transaction.atomic
def assessment_copy(
    *, source: Assessment, by: User, title: str, period_start: date, period_end: date, **fields: Any
) -> Assessment:
    """A new cycle from a finished one: narratives, owners and evidence links carry over; ratings start empty."""
    if source.status not in FINISHED:
        raise ValidationError(_("Only a completed self-assessment can be copied."), code="not_finished")
    copy = Assessment(
        org=source.org,
        version=source.version,
        title=title,
        period_start=period_start,
        period_end=period_end,
        coordinator=fields.pop("coordinator", source.coordinator),
        copied_from=source,
        created_by=by,
        **fields,
    )
    copy.full_clean()
    copy.save()
    copy.services.set(source.services.all())
    members = set(members_in(source.org).values_list("user_id", flat=True))
    carried = {
        a.indicator_id: {
            "narrative": a.narrative,
            "responsible_id": a.responsible_id if a.responsible_id in members else None,
        }
        for a in source.answers.all()
    }
    indicator_ids = list(Indicator.objects.filter(version=source.version_id).values_list("pk", flat=True))
    new_pk = {a.indicator_id: a.pk for a in _create_answers(copy, indicator_ids, carried)}
    links = EvidenceLink.objects.filter(indicatoranswer__assessment=source).values_list(
        "evidenceitem_id", "indicatoranswer__indicator_id"
    )
    EvidenceLink.objects.bulk_create(
        [EvidenceLink(evidenceitem_id=item, indicatoranswer_id=new_pk[ind]) for item, ind in links if ind in new_pk]
    )
    activity.record(
        org=source.org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=copy,
        changes={"copied_from": ["", str(source)]},
    )
    return copy
