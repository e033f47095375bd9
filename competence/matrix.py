"""The competence matrix: people × the courses mandatory for them, each cell current / expiring / expired / missing.

A read model with a fixed number of queries whatever the number of people and courses (the matrix page, its
downloads, My work, the calendar and the computed results all use it): the memberships, the courses with their
units and services, the units, and one aggregate of the approved records per person and course.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Max, Sum

from orgs.models import Membership, Unit
from orgs.roles import CONTRIBUTORS, REVIEWERS, Role

from .models import Course, Record, Standing, standing

# Who works in the organisation and so has competences to keep (the contributors): not consultants, viewers or
# external auditors. The managers and the internal auditor (the reviewers: a Staff audit question) read everyone's
# competences; a unit head reads the people of their unit and its sub-units; everyone else only their own.


class UnitTree:
    """The organisations' units, to answer "is this unit inside that one" without a query per person."""

    def __init__(self, org_ids):
        self.parent = dict(Unit.objects.filter(org_id__in=org_ids).values_list("pk", "parent_id"))

    def ancestry(self, unit_id):
        """The unit and every unit above it."""
        out = []
        while unit_id is not None and unit_id not in out:
            out.append(unit_id)
            unit_id = self.parent.get(unit_id)
        return out

    def within(self, unit_id, top_id):
        return top_id in self.ancestry(unit_id)


@dataclass
class Rule:
    """Whom a course is mandatory for, read once per course."""

    course: Course
    everyone: bool
    roles: frozenset
    unit_ids: frozenset  # its units and the units of its services
    positions: frozenset

    @classmethod
    def of(cls, course):
        units = {u.pk for u in course.mandatory_units.all()}
        units |= {s.unit_id for s in course.mandatory_services.all() if s.unit_id}
        return cls(
            course,
            course.mandatory_all,
            frozenset(course.mandatory_roles or ()),
            frozenset(units),
            frozenset(course.positions()),
        )

    def applies(self, membership, ancestry):
        return (
            self.everyone
            or membership.role in self.roles
            or bool(self.unit_ids.intersection(ancestry))
            or (bool(self.positions) and membership.position.strip().casefold() in self.positions)
        )


@dataclass
class Cell:
    course: Course
    standing: str
    until: date | None = None
    last: date | None = None

    @property
    def label(self):
        return Standing(self.standing).label


@dataclass
class Row:
    membership: Membership
    cells: dict = field(default_factory=dict)  # course pk -> Cell, for the courses mandatory for this person
    hours: Decimal = Decimal(0)  # approved hours in the year shown

    @property
    def counts(self):
        return Counter(cell.standing for cell in self.cells.values())

    def problems(self):
        return [cell for cell in self.cells.values() if cell.standing != Standing.CURRENT]


def working_memberships(org_ids):
    return (
        Membership.objects.filter(org_id__in=org_ids, role__in=CONTRIBUTORS)
        .active()
        .select_related("org", "user", "unit")
        .order_by("user__full_name", "user__email")
    )


def visible(memberships, viewer, tree):
    """The memberships `viewer` (a Membership) may see the competences of."""
    if viewer.role in REVIEWERS:
        return [m for m in memberships if m.org_id == viewer.org_id]
    if viewer.role == Role.UNIT_HEAD and viewer.unit_id:
        return [
            m
            for m in memberships
            if m.org_id == viewer.org_id and (m.pk == viewer.pk or tree.within(m.unit_id, viewer.unit_id))
        ]
    return [m for m in memberships if m.pk == viewer.pk]


def courses_for(org_ids):
    return list(Course.objects.filter(org_id__in=org_ids).active().with_rules().order_by("org_id", "order", "name_lt"))


def build(memberships, today, *, courses=None, tree=None, year=None):
    """A Row per membership (any organisations), with a Cell per mandatory course; hours of `year` when given."""
    org_ids = {m.org_id for m in memberships}
    if not memberships:
        return []
    courses = courses if courses is not None else courses_for(org_ids)
    tree = tree or UnitTree(org_ids)
    rules = defaultdict(list)
    for course in courses:
        rules[course.org_id].append(Rule.of(course))
    people = {m.user_id for m in memberships}
    done = {
        (r["org_id"], r["person_id"], r["course_id"]): r
        for r in Record.objects.filter(org_id__in=org_ids, person_id__in=people)
        .approved()
        .filter(completed_on__lte=today)
        .values("org_id", "person_id", "course_id")
        .annotate(last=Max("completed_on"), until=Max("valid_until"))
    }
    hours = {}
    if year is not None:
        hours = {
            (r["org_id"], r["person_id"]): r["total"]
            for r in Record.objects.filter(org_id__in=org_ids, person_id__in=people, completed_on__year=year)
            .approved()
            .values("org_id", "person_id")
            .annotate(total=Sum("hours"))
        }
    rows = []
    for m in memberships:
        row = Row(m, hours=hours.get((m.org_id, m.user_id)) or Decimal(0))
        ancestry = tree.ancestry(m.unit_id)
        for rule in rules[m.org_id]:
            if rule.applies(m, ancestry):
                found = done.get((m.org_id, m.user_id, rule.course.pk))
                until = found["until"] if found and rule.course.validity_months is not None else None
                row.cells[rule.course.pk] = Cell(
                    rule.course, standing(until, bool(found), today), until, found["last"] if found else None
                )
        rows.append(row)
    return rows


def columns(rows, courses):
    """The courses mandatory for at least one of the rows, in catalogue order."""
    used = {pk for row in rows for pk in row.cells}
    return [c for c in courses if c.pk in used]


def totals(rows):
    counts = Counter()
    for row in rows:
        counts.update(row.counts)
    return {s.value: counts.get(s.value, 0) for s in Standing}
