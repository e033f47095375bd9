"""What staff competence contributes to shared surfaces (kokybe.surfaces): trainings to renew on the person's and
their unit head's My work, a weekly digest section, expiry dates on the calendar, trainings waiting for approval,
computed results for the results module and evidence for the Staff principle. Each contribution reads the matrix
(competence/matrix.py) in a fixed number of queries."""

from datetime import date

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe import surfaces
from orgs.roles import CONTRIBUTORS, MANAGERS, Role

from . import matrix
from .models import Record, Standing, Topic

# EQUASS 2018 principle 2, Staff (Personalas).
STAFF_PRINCIPLE = "2"
# The weekly reminder of trainings to renew goes out on Mondays: expired ones are overdue work every day anyway.
DIGEST_WEEKDAY = 0


def _mine_url(org):
    return reverse("competence:mine", args=[org.slug])


def _person_url(membership):
    return reverse("competence:person", args=[membership.org.slug, membership.pk])


def _what(cell):
    if cell.standing == Standing.MISSING:
        return _("Missing")
    if cell.standing == Standing.EXPIRED:
        return _("Expired on %(day)s") % {"day": f"{cell.until:%Y-%m-%d}"}
    return _("Valid until %(day)s") % {"day": f"{cell.until:%Y-%m-%d}"}


def _team(memberships):
    """The people of the units the person heads (not themselves), in those organisations: one query."""
    heads = [m for m in memberships.values() if m.role == Role.UNIT_HEAD and m.unit_id]
    if not heads:
        return [], None
    everyone = list(matrix.working_memberships([m.org_id for m in heads]))
    tree = matrix.UnitTree([m.org_id for m in heads])
    team = [p for head in heads for p in matrix.visible(everyone, head, tree) if p.pk != head.pk]
    return team, tree


def _rows(memberships, today):
    """(own rows, team rows) of the trainings that need something, for the person's working memberships."""
    own = [m for m in memberships.values() if m.role in CONTRIBUTORS]
    team, tree = _team(memberships)
    rows = matrix.build(own + team, today, tree=tree)
    mine = {m.pk for m in own}
    return [r for r in rows if r.membership.pk in mine], [r for r in rows if r.membership.pk not in mine]


def _own_item(row, cell, today):
    m = row.membership
    return surfaces.WorkItem(
        org=m.org,
        kind=_("Training"),
        title=cell.course.name,
        url=_mine_url(m.org),
        due_date=cell.until if cell.standing != Standing.MISSING else None,
        overdue=cell.standing == Standing.EXPIRED,
        key=f"competence.renew:{m.org_id}:{m.user_id}:{cell.course.pk}",
        detail=_what(cell),
    )


def _team_item(row, today):
    problems = row.problems()
    dated = [c.until for c in problems if c.until is not None and c.standing != Standing.MISSING]
    names = ", ".join(c.course.name for c in problems)
    m = row.membership
    return surfaces.WorkItem(
        org=m.org,
        kind=_("Training in your unit"),
        title=_("%(name)s: %(courses)s") % {"name": m.user, "courses": names},
        url=_person_url(m),
        due_date=min(dated) if dated else None,
        overdue=any(c.standing == Standing.EXPIRED for c in problems),
        key=f"competence.team:{m.org_id}:{m.user_id}",
        detail=_("Trainings to renew or to do: %(n)s") % {"n": len(problems)},
    )


@surfaces.work_items
def trainings_to_renew(user, today, memberships):
    own, team = _rows(memberships, today)
    items = [_own_item(row, cell, today) for row in own for cell in row.problems()]
    items += [_team_item(row, today) for row in team if row.problems()]
    return items


@surfaces.work_items.asking
def records_to_approve(user, today, memberships):
    """The trainings people recorded themselves, for the unit head or manager who approves them: one query more."""
    approvers = {org_id: m for org_id, m in memberships.items() if m.role in MANAGERS | {Role.UNIT_HEAD}}
    if not approvers:
        return []
    team, tree = _team(approvers)
    team_users = {(p.org_id, p.user_id) for p in team}
    managers = {org_id for org_id, m in approvers.items() if m.role in MANAGERS}
    waiting = Record.objects.filter(org_id__in=list(approvers)).pending().select_related("org", "person", "course")
    items = []
    for record in waiting:
        if record.person_id == user.pk and record.org_id not in managers:
            continue
        if record.org_id in managers or (record.org_id, record.person_id) in team_users:
            items.append(
                surfaces.WorkItem(
                    org=record.org,
                    kind=_("Training record to approve"),
                    title=_("%(name)s: %(course)s") % {"name": record.person, "course": record.course.name},
                    url=reverse("competence:record", args=[record.org.slug, record.uuid]),
                    due_date=None,
                    overdue=False,
                    key=f"competence.approve:{record.uuid}",
                    asks=True,
                    target=record,
                )
            )
    return items


@surfaces.digest_sections
def weekly_renewals(user, today, memberships):
    """On Mondays, the trainings expiring within 60 days or missing (the expired ones are due work every day)."""
    if today.weekday() != DIGEST_WEEKDAY:
        return None
    own, team = _rows(memberships, today)
    items = [
        _own_item(row, cell, today)
        for row in own
        for cell in row.problems()
        if cell.standing in (Standing.EXPIRING, Standing.MISSING)
    ]
    items += [_team_item(row, today) for row in team if row.problems()]
    return surfaces.DigestSection(_("Trainings to renew"), [_weekly(item, today) for item in items])


def _weekly(item, today):
    # Keys of their own, so the Monday notice never hides the same item's daily line on My work.
    return surfaces.WorkItem(
        org=item.org,
        kind=item.kind,
        title=item.title,
        url=item.url,
        due_date=item.due_date,
        overdue=item.overdue,
        key=f"{item.key}:week:{today:%G-%V}",
        detail=item.detail,
    )


@surfaces.calendar_entries
def expiry_dates(memberships, first: date, last: date, person):
    """The days certificates lapse, of the people the viewer may read (in a person's own feed: theirs and their
    unit's)."""
    if not memberships:
        return []
    org_ids = list(memberships)
    everyone = list(matrix.working_memberships(org_ids))
    tree = matrix.UnitTree(org_ids)
    shown = []
    for viewer in memberships.values():
        if person is not None and viewer.role not in (Role.UNIT_HEAD,):
            shown += [m for m in everyone if m.org_id == viewer.org_id and m.user_id == viewer.user_id]
        else:
            shown += matrix.visible(everyone, viewer, tree)
    entries = []
    for row in matrix.build(shown, first, tree=tree):
        m = row.membership
        for cell in row.cells.values():
            if cell.until is None or not first <= cell.until <= last:
                continue
            entries.append(
                surfaces.CalendarEntry(
                    org=m.org,
                    kind=_("Training expires"),
                    title=_("%(course)s: %(name)s") % {"course": cell.course.name, "name": m.user},
                    url=_person_url(m),
                    start=cell.until,
                    key=f"competence.expiry:{m.org_id}:{m.user_id}:{cell.course.pk}:{cell.until:%Y%m%d}",
                    category="training",
                    deadline=True,
                )
            )
    return entries


# ── Results: computed KPIs ───────────────────────────────────────────────────────────────────────────────────────


def _valid(cell):
    return cell.standing in (Standing.CURRENT, Standing.EXPIRING)


def _staff(org, last):
    # Memberships carry no start or end date: the people working there now stand for the period's staff.
    return list(matrix.working_memberships([org.pk]))


def hours_per_person(org, first, last):
    people = _staff(org, last)
    if not people:
        return None
    done = (
        Record.objects.for_org(org)
        .approved()
        .filter(completed_on__range=(first, last), person_id__in=[m.user_id for m in people])
        .aggregate(hours=Sum("hours"), n=Count("pk"))
    )
    total = float(done["hours"] or 0)
    return surfaces.Measure(round(total / len(people), 1), total, len(people), records=done["n"])


def mandatory_current(org, first, last):
    rows = matrix.build(_staff(org, last), last)
    cells = [cell for row in rows for cell in row.cells.values()]
    if not cells:
        return None
    valid = sum(_valid(cell) for cell in cells)
    return surfaces.Measure(round(100 * valid / len(cells), 1), valid, len(cells), records=len(cells))


def violence_prevention_trained(org, first, last):
    people = _staff(org, last)
    if not people:
        return None
    concerned = trained = 0
    for row in matrix.build(people, last):
        cells = [c for c in row.cells.values() if c.course.topic == Topic.VIOLENCE_PREVENTION]
        if cells:
            concerned += 1
            trained += any(_valid(c) for c in cells)
    if not concerned:
        return None  # no violence-prevention training is mandatory for anyone: nothing to count
    return surfaces.Measure(round(100 * trained / concerned, 1), trained, concerned, records=concerned)


def _matrix_url(org, first, last):
    return reverse("competence:matrix", args=[org.slug])


@surfaces.result_sources
def competence_results():
    return [
        surfaces.ResultSource(
            "competence.hours_per_person",
            gettext_lazy("Training hours per staff member"),
            "hours",
            hours_per_person,
            principles=(STAFF_PRINCIPLE,),
            description=gettext_lazy(
                "Approved training hours in the period divided by the number of people working in the organisation."
            ),
            records_url=_matrix_url,
        ),
        surfaces.ResultSource(
            "competence.mandatory_current",
            gettext_lazy("Mandatory competences valid"),
            "%",
            mandatory_current,
            principles=(STAFF_PRINCIPLE,),
            description=gettext_lazy(
                "Of the trainings mandatory for each person, the share valid on the period's last day."
            ),
            records_url=_matrix_url,
        ),
        surfaces.ResultSource(
            "competence.violence_prevention",
            gettext_lazy("Staff trained in violence prevention"),
            "%",
            violence_prevention_trained,
            principles=(STAFF_PRINCIPLE, "3"),
            description=gettext_lazy(
                "Of the people a violence-prevention training is mandatory for, the share with a valid one on the "
                "period's last day."
            ),
            records_url=_matrix_url,
        ),
    ]


# ── Self-assessment evidence for the Staff principle ───────────────────────────────────────────────────────────


def _staff_offers(org, answer, attached):
    if answer.indicator.code.split(".")[0] != STAFF_PRINCIPLE:
        return []
    if not Record.objects.for_org(org).approved().exists():
        return []
    reference = _("Competence matrix and training records, Kokybė")
    if any(getattr(item, "reference", "") == reference for item in attached):
        return []
    title = _("Competence matrix")
    return [
        surfaces.EvidenceOffer(
            kind=_("Competence"),
            title=title,
            url=reverse("competence:matrix", args=[org.slug]),
            detail=_("Mandatory trainings per person, their validity, and the hours of competence development."),
            fields={"kind": "record", "title": title, "reference": reference},
        )
    ]


@surfaces.evidence_kinds
def competence_evidence():
    return surfaces.EvidenceKind("competence_matrix", 45, offers=_staff_offers)
