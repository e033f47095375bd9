"""Rounds a programme pushes to many providers (issue 15, "campaigns"): an item of a kind another app contributes
(kokybe.surfaces.programme_round_kinds, e.g. a draft self-assessment cycle) is created in each chosen provider with
one due date; the coordinator follows the progress and reminds those who have not submitted, by e-mail in each
recipient's language, while the item stays on the provider's My work (and so in its reminder digest) until done."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe import surfaces
from kokybe.lib import mail
from orgs import activity
from orgs.models import ActivityEntry, Membership
from orgs.roles import MANAGERS

from .models import ProgrammeRound, RoundItem
from .pages import distribution

OVERDUE = "overdue"
STATE_LABELS = {
    surfaces.ROUND_NOT_STARTED: gettext_lazy("Not started"),
    surfaces.ROUND_IN_PROGRESS: gettext_lazy("In progress"),
    surfaces.ROUND_SUBMITTED: gettext_lazy("Submitted"),
    OVERDUE: gettext_lazy("Overdue"),
}


def kinds():
    """{key: ProgrammeRoundKind} of every contributing app."""
    found = {}
    for func in surfaces.programme_round_kinds.contributions():
        kind = func()
        if kind is not None:
            found[kind.key] = kind
    return found


def offered(programme, all_kinds=None):
    """The kinds a programme may push: one that brings figures back only when its participants share chosen results
    (Programme.shares_results)."""
    all_kinds = kinds() if all_kinds is None else all_kinds
    return {key: k for key, k in all_kinds.items() if k.figures is None or programme.shares_results}


@transaction.atomic
def round_push(*, programme, kind, option, title, due_date, participations, by, picks=()):
    """Create the round and its item in every participation given (those already in it are skipped)."""
    participations = list(participations)
    if not participations:
        raise ValidationError(_("No provider matches the filter: the round would reach no one."))
    if kind.key not in offered(programme, {kind.key: kind}):
        raise ValidationError(_("The participants of this programme do not share results: ask for them elsewhere."))
    options = dict(kind.options())
    if option not in options:
        raise ValidationError({"option": _("Choose one of the offered options.")})
    picks = list(dict.fromkeys(picks))
    if kind.picks is not None:
        offered_picks = dict(kind.picks())
        if not picks or any(p not in offered_picks for p in picks):
            raise ValidationError({"picks": _("Choose at least one of the offered items.")})
        picks_label = "; ".join(offered_picks[p] for p in picks)
    elif picks:
        raise ValidationError({"picks": _("This kind of round asks for nothing to choose.")})
    else:
        picks_label = ""
    programme_round = ProgrammeRound(
        programme=programme,
        kind=kind.key,
        option=option,
        option_label=options[option],
        title=title,
        due_date=due_date,
        picks=picks,
        picks_label=picks_label,
        created_by=by,
    )
    programme_round.full_clean()
    programme_round.save()
    items = [
        RoundItem(
            round=programme_round,
            participation=p,
            reference=kind.create(p.org, option, title, due_date, by, **({"picks": picks} if kind.picks else {})),
        )
        for p in participations
    ]
    RoundItem.objects.bulk_create(items)
    activity.record(
        org=programme.coordinating_org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=programme_round,
        target_repr=_("%(title)s: sent to %(n)s providers") % {"title": title, "n": len(items)},
    )
    return programme_round


def round_progress(programme_round, today):
    """[(item, state)] with state ROUND_* or OVERDUE (not submitted after the due date): a fixed number of queries."""
    items = list(programme_round.items.select_related("participation__org"))
    kind = kinds().get(programme_round.kind)
    states = kind.progress([i.reference for i in items]) if kind else {}
    out = []
    for item in items:
        state = states.get(item.reference, surfaces.ROUND_NOT_STARTED)
        if state != surfaces.ROUND_SUBMITTED and programme_round.due_date < today:
            state = OVERDUE
        out.append((item, state))
    return out


def round_figures(programme_round, items):
    """Distributions (pages.distribution: none about fewer than 5 providers) of what the providers among `items`
    shared when they submitted, one per asked item; [] when the kind brings no figures back or the programme's
    participants do not share results. A fixed number of queries."""
    kind = kinds().get(programme_round.kind)
    if kind is None or kind.figures is None or not programme_round.programme.shares_results:
        return []
    shared = kind.figures([item.reference for item in items])
    values, labels = {}, {}
    for item in items:
        for key, label, value in shared.get(item.reference, ()):
            values.setdefault(key, {})[item.participation_id] = value
            labels.setdefault(key, label)
    order = list(programme_round.picks) + sorted(set(values) - set(programme_round.picks))
    return [distribution(labels[key], list(values[key].values())) for key in order if key in values]


@transaction.atomic
def round_remind(*, programme_round, today, by):
    """Mail the managers of every provider that has not submitted; returns how many people were written to."""
    waiting = [item for item, state in round_progress(programme_round, today) if state != surfaces.ROUND_SUBMITTED]
    kind = kinds().get(programme_round.kind)
    by_org = {item.participation.org_id: item for item in waiting}
    managers = Membership.objects.active().filter(org_id__in=by_org, role__in=MANAGERS).select_related("user", "org")
    sent = 0
    for membership in managers:
        item = by_org[membership.org_id]
        link = settings.SITE_URL + kind.url(membership.org, item.reference) if kind else settings.SITE_URL
        context = {
            "round": programme_round,
            "programme": programme_round.programme,
            "org": membership.org,
            "link": link,
        }
        mail.send_to(membership.user, "programmes/email/round_subject.txt", "programmes/email/round_body.txt", context)
        sent += 1
    RoundItem.objects.filter(pk__in=[item.pk for item in waiting]).update(reminded_on=today)
    activity.record(
        org=programme_round.programme.coordinating_org,
        by=by,
        verb=ActivityEntry.Verb.UPDATED,
        target=programme_round,
        target_repr=_("%(title)s: %(n)s reminded") % {"title": programme_round.title, "n": len(waiting)},
    )
    return sent
