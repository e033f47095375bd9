"""Changes to service users' records that log, validate together or must be atomic. Activity entries name a
person by their reference only: an identity's values never reach the log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.activity import diff, record, snapshot
from orgs.models import ActivityEntry, Membership

from . import instruments, scoring
from .forms import RECORD_ROLES
from .models import GoalLevel, Identity, Measurement, PeopleSettings, Plan, Review, ServiceUser

RECORD_FIELDS = ["services", "unit", "started", "ended", "age_group", "sex", "key_worker", "consent_on", "consent_form"]


@transaction.atomic
def service_user_save(*, form, by):
    """Create or change a service user from a valid ServiceUserForm; one activity entry with what changed."""
    person = form.instance
    before = snapshot(ServiceUser.objects.get(pk=person.pk), RECORD_FIELDS) if person.pk else {}
    person.full_clean(exclude=["reference"])
    created = person.pk is None
    person = form.save()
    after = snapshot(person, RECORD_FIELDS)
    verb = ActivityEntry.Verb.CREATED if created else ActivityEntry.Verb.UPDATED
    record(org=person.org, by=by, verb=verb, target=person, changes=diff(before, after))
    return person


def may_open_identity(membership):
    return PeopleSettings.for_org(membership.org).may_open_identity(membership)


def _require_identity_access(person, by):
    membership = Membership.objects.require(person.org, by, RECORD_ROLES)
    if not may_open_identity(membership):
        raise PermissionDenied


@transaction.atomic
def identity_open(*, person, by):
    """The person's identity (or None when none is kept), for someone the director lets open it: every opening is
    an activity entry (who, when), naming the person by reference."""
    _require_identity_access(person, by)
    record(org=person.org, by=by, verb=ActivityEntry.Verb.VIEWED, target=person, target_repr=person.reference)
    return Identity.objects.filter(service_user=person).first()


@transaction.atomic
def identity_save(*, person, full_name, personal_code="", contacts="", by):
    _require_identity_access(person, by)
    if person.identity_erased_on:
        raise ValidationError(_("This person's identity was erased; it cannot be written again."))
    identity = Identity.objects.filter(service_user=person).first() or Identity(service_user=person)
    identity.full_name, identity.personal_code, identity.contacts = full_name, personal_code, contacts
    identity.full_clean()
    identity.save()
    # Which identity fields changed, never their values.
    record(
        org=person.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=person,
        changes={"identity": ["", _("changed")]},
        labels={"identity": "identity"},
    )
    return identity


@transaction.atomic
def identity_erase(*, person, by, today=None):
    """Erase the person's identity at the end of retention: the pseudonymous record, plans and measurements stay
    (the figures keep counting them), nothing left says who the person was."""
    _require_identity_access(person, by)
    Identity.objects.filter(service_user=person).delete()
    person.identity_erased_on = today or timezone.localdate()
    person.save(update_fields=["identity_erased_on"])
    record(
        org=person.org,
        by=by,
        verb=ActivityEntry.Verb.DELETED,
        target=person,
        changes={"identity": [_("kept"), _("erased")]},
        labels={"identity": "identity"},
    )


@transaction.atomic
def plan_create(*, person, form, goals, by):
    """A new version of the person's plan from a valid PlanForm and goal formset; the earlier versions stay."""
    plan = form.save(commit=False)
    plan.org, plan.service_user, plan.created_by = person.org, person, by
    latest = Plan.objects.filter(service_user=person).aggregate(n=Max("version"))["n"] or 0
    plan.version = latest + 1
    plan.full_clean()
    plan.save()
    form.save_m2m()
    order = 0
    for goal_form in goals.forms:
        if not goal_form.has_changed() or goals._should_delete_form(goal_form):
            continue
        goal = goal_form.save(commit=False)
        goal.pk = None
        goal.org, goal.plan, goal.order = person.org, plan, order
        goal.review_on = goal.review_on or plan.review_on
        goal.full_clean()
        goal.save()
        order += 1
    if not order:
        raise ValidationError(_("A plan needs at least one goal."))
    record(org=person.org, by=by, verb=ActivityEntry.Verb.CREATED, target=plan)
    return plan


@transaction.atomic
def review_record(*, plan, reviewed_on, levels, notes="", by):
    """Record a plan review: the level each goal reached and the GAS T-score they give."""
    goals = list(plan.goals.all())
    if set(levels) != set(goals):
        raise ValidationError(_("Give the level reached for every goal of the plan."))
    if reviewed_on < plan.starts_on:
        raise ValidationError({"reviewed_on": _("The review cannot come before the plan starts.")})
    t_score = scoring.gas_t_score([(levels[goal], goal.weight) for goal in goals])
    review = Review(org=plan.org, plan=plan, reviewed_on=reviewed_on, notes=notes, t_score=t_score, created_by=by)
    review.full_clean()
    review.save()
    GoalLevel.objects.bulk_create(
        GoalLevel(org=plan.org, review=review, goal=goal, level=level) for goal, level in levels.items()
    )
    record(
        org=plan.org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=plan,
        changes={"t_score": ["", f"{t_score:.1f}"]},
        labels={"t_score": "GAS T-score"},
    )
    return review


@transaction.atomic
def measurement_record(*, person, code, definition, taken_on, respondent, version, answers, by):
    """A quality-of-life measurement with its domain scores; refused without the person's consent on record, or
    when the answers give no score (too many left out)."""
    if not person.consent_on:
        raise ValidationError(_("Record the person's consent to measurement first."))
    try:
        result = instruments.compute(definition, answers)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if result.discarded or not result.transformed:
        raise ValidationError(_("Too many questions are unanswered for a score: nothing was saved."))
    measurement = Measurement(
        org=person.org,
        service_user=person,
        instrument=code,
        taken_on=taken_on,
        respondent=respondent,
        version=version,
        answers={str(k): v for k, v in answers.items()},
        scores={k: round(v, 2) for k, v in result.transformed.items()},
        entered_by=by,
    )
    measurement.full_clean()
    measurement.save()
    record(
        org=person.org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=measurement,
        target_repr=f"{person.reference} · {instruments.name(definition)} · {taken_on.isoformat()}",
    )
    return measurement
