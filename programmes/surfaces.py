"""What programmes contribute to shared surfaces (kokybe.surfaces)."""

from django.utils.translation import gettext as _

from kokybe import surfaces
from orgs.roles import INSIDERS

from .models import Programme, ProgrammeParticipation

# ── Home page ────────────────────────────────────────────────────────────────────────────────────────────────────


@surfaces.home_sections
def programmes_coordinated(user):
    """The programmes in which a person has a role (every programme for the platform's administrator): one query."""
    programmes = list(Programme.objects.open_to(user).select_related("coordinating_org").order_by("-start", "code"))
    title = _("All programmes") if user.is_superuser else _("Your programmes")
    return surfaces.HomeSection("programmes/_home_section.html", 10, programmes, title=title)


# ── The provider's dashboard ─────────────────────────────────────────────────────────────────────────────────────


@surfaces.dashboard_cards
def programmes_card(org, membership):
    """The programmes the organisation takes part in, with a link to what each sees about it: one query."""

    def context():
        participations = list(
            ProgrammeParticipation.objects.filter(org=org).select_related("programme").order_by("-programme__start")
        )
        return {"programme_participations": participations} if participations else None

    return surfaces.DashboardCard("programmes/_dashboard_card.html", 95, context, roles=INSIDERS)


# ── My work: a programme round's item until it is submitted ─────────────────────────────────────────────────────


@surfaces.work_items
def programme_rounds(user, today, memberships):
    """A round's item for the managers of each provider it reached, until submitted: a query for the items, one per
    kind for their progress."""
    from django.utils.translation import gettext_lazy

    from orgs.roles import MANAGERS

    from . import rounds
    from .models import RoundItem

    orgs = [org_id for org_id, m in memberships.items() if m.role in MANAGERS]
    if not orgs:
        return []
    items = list(
        RoundItem.objects.filter(participation__org_id__in=orgs).select_related("round__programme", "participation")
    )
    kinds = rounds.kinds()
    states = {}
    for key in {item.round.kind for item in items}:
        if key in kinds:
            states[key] = kinds[key].progress([i.reference for i in items if i.round.kind == key])
    out = []
    for item in items:
        kind = kinds.get(item.round.kind)
        if kind is None or states[item.round.kind].get(item.reference) == surfaces.ROUND_SUBMITTED:
            continue
        org = memberships[item.participation.org_id].org
        out.append(
            surfaces.WorkItem(
                org=org,
                kind=gettext_lazy("Programme round"),
                title=item.round.title,
                url=kind.url(org, item.reference),
                due_date=item.round.due_date,
                overdue=item.round.due_date < today,
                key=f"programmes.round:{item.pk}",
                detail=item.round.programme.code,
            )
        )
    return out
