"""Who must read which document, and who has confirmed it: plain functions over rows fetched in a fixed number of
queries, shared by the coverage pages, My work and the reminder button."""

from collections import defaultdict
from dataclasses import dataclass, field

from orgs.models import Membership, Unit
from orgs.roles import INSIDERS

from .models import Acknowledgement, ReadAudience


def descendants(unit_ids, units):
    """`unit_ids` with every unit below them (a unit's audience includes its departments)."""
    children = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit.pk)
    found, stack = set(), list(unit_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, ()))
    return found


def audience_user_ids(audience, memberships, units):
    """User ids of the active insiders `audience` covers: by unit (with sub-units), by role, or by name."""
    unit_ids = descendants([u.pk for u in audience.units.all()], units)
    named = {u.pk for u in audience.users.all()}
    roles = set(audience.roles or ())
    return {
        m.user_id
        for m in memberships
        if m.role in INSIDERS and (m.user_id in named or m.role in roles or (m.unit_id and m.unit_id in unit_ids))
    }


def audiences_for_orgs(org_ids, documents=None):
    """Audiences of documents with a version in force (not archived), units and people prefetched."""
    found = ReadAudience.objects.filter(org_id__in=org_ids, document__current_version__isnull=False)
    if documents is not None:
        found = found.filter(document__in=documents)
    found = found.exclude(document__status="archived").select_related(
        "document__current_version", "document__org", "document__type"
    )
    return list(found.prefetch_related("units", "users"))


def audiences(org, documents=None):
    return audiences_for_orgs([org.pk], documents)


@dataclass
class Coverage:
    document: object
    version: object
    due_on: object
    confirmed: dict = field(default_factory=dict)  # user id -> confirmed_at
    required: list = field(default_factory=list)  # Memberships, in name order

    @property
    def pending(self):
        return [m for m in self.required if m.user_id not in self.confirmed]

    @property
    def done(self):
        return [m for m in self.required if m.user_id in self.confirmed]

    @property
    def percent(self):
        return round(100 * len(self.done) / len(self.required)) if self.required else 100


def coverage(org, documents=None):
    """Coverage per document (list of Coverage), in a fixed number of queries whatever the numbers of people."""
    found = audiences(org, documents)
    if not found:
        return []
    memberships = list(Membership.objects.for_org(org).active().select_related("user", "unit"))
    units = list(Unit.objects.for_org(org))
    versions = [a.document.current_version_id for a in found]
    confirmed = defaultdict(dict)
    for version_id, user_id, at in Acknowledgement.objects.filter(version_id__in=versions).values_list(
        "version_id", "user_id", "confirmed_at"
    ):
        confirmed[version_id][user_id] = at
    out = []
    for audience in found:
        version = audience.document.current_version
        version.document = audience.document
        ids = audience_user_ids(audience, memberships, units)
        out.append(
            Coverage(
                document=audience.document,
                version=version,
                due_on=audience.due_on(version),
                confirmed=confirmed[version.pk],
                required=[m for m in memberships if m.user_id in ids],
            )
        )
    return sorted(out, key=lambda c: (c.document.type.order, c.document.title))


def by_unit(coverages):
    """[(unit or None, [(membership, [pending Coverage…], n_required, n_done)])] grouped by each person's unit."""
    people = {}
    for cov in coverages:
        for m in cov.required:
            entry = people.setdefault(m.pk, [m, [], 0])
            entry[2] += 1
            if m.user_id not in cov.confirmed:
                entry[1].append(cov)
    groups = defaultdict(list)
    for m, pending, n_required in people.values():
        groups[m.unit].append((m, pending, n_required, n_required - len(pending)))
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] is None, pair[0].name if pair[0] else ""))
    return [(unit, sorted(rows, key=lambda r: str(r[0].user))) for unit, rows in ordered]
