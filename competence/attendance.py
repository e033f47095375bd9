"""The programme trainings a provider's staff attended (programmes.EventAttendance), read from the provider's side:
which attendee lines are members of the organisation, and which trainings are already its training records.

Matching, stated once (the page says it too):
- a line with an e-mail address is the member with that address, case ignored; an address no member has is
  unmatched (a name beside it is not tried: the address is what the programme wrote down);
- a line without one is the member whose full name it is, case and spacing ignored, a leading list number or dash
  left out — only when exactly one member has that name; two members of one name make the line ambiguous;
- members are the people who work here (matrix.working_memberships); a line naming someone who has left or never
  was a member is unmatched. Nothing is dropped: every line is shown with what became of it.

A read model with a fixed number of queries whatever the number of trainings and members.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from programmes.models import EventAttendance, ProgrammeEvent

from .matrix import working_memberships
from .models import Record, TrainingEvent

EMAIL = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+\.[^\s<>()\[\],;:\"'.]+")
LIST_MARK = re.compile(r"^(?:\d+[.)]|[-–•*])\s*")


class How:
    EMAIL = "email"
    NAME = "name"
    AMBIGUOUS = "ambiguous"
    UNMATCHED = "unmatched"


def name_key(text):
    return " ".join(LIST_MARK.sub("", text.strip()).casefold().split())


class Directory:
    """The organisation's working members, looked up by e-mail and by full name."""

    def __init__(self, memberships):
        self.by_email = {m.user.email.casefold(): m for m in memberships}
        self.by_name = defaultdict(list)
        for m in memberships:
            if m.user.full_name.strip():
                self.by_name[name_key(m.user.full_name)].append(m)

    def match(self, text):
        """(how, membership or None, number of members of that name) for one attendee line."""
        found = EMAIL.search(text)
        if found:
            member = self.by_email.get(found.group(0).casefold())
            return (How.EMAIL, member, 1) if member else (How.UNMATCHED, None, 0)
        candidates = self.by_name.get(name_key(text), [])
        if len(candidates) == 1:
            return How.NAME, candidates[0], 1
        return (How.AMBIGUOUS if candidates else How.UNMATCHED), None, len(candidates)


@dataclass
class Line:
    text: str
    how: str
    membership: object = None
    namesakes: int = 0
    recorded: bool = False  # this person's record of the training exists already
    repeat: bool = False  # the same person as an earlier line

    @property
    def matched(self):
        return self.membership is not None


@dataclass
class Training:
    """One programme training the organisation attended, with its attendee lines matched."""

    attendance: EventAttendance
    lines: list = field(default_factory=list)
    recorded_as: TrainingEvent | None = None  # the training event made from it, if recorded

    @property
    def event(self):
        return self.attendance.event

    @property
    def people(self):
        """The matched members, each once."""
        return [line.membership for line in self.lines if line.matched and not line.repeat]

    @property
    def to_record(self):
        return [line.membership for line in self.lines if line.matched and not line.repeat and not line.recorded]

    @property
    def unmatched(self):
        return [line for line in self.lines if not line.matched]

    def held(self, today=None):
        return self.event.on <= (today or timezone.localdate())


def attendances(org):
    """The organisation's own attendance at its programmes' trainings, newest first."""
    return (
        EventAttendance.objects.filter(participation__org=org, event__kind=ProgrammeEvent.Kind.TRAINING)
        .select_related("event__programme")
        .order_by("-event__on", "-event__pk")
    )


def trainings(org, attendance_rows=None, memberships=None):
    """Each attendance of `org` as a Training; `attendance_rows` to read only some (one event's page)."""
    rows = list(attendances(org) if attendance_rows is None else attendance_rows)
    directory = Directory(list(working_memberships([org.pk]) if memberships is None else memberships))
    made = {
        e.programme_event_id: e
        for e in TrainingEvent.objects.for_org(org)
        .filter(programme_event__in=[a.event_id for a in rows])
        .select_related("course")
    }
    # Recorded: a record of the event made from it, or one of that course on that day entered by hand (which the
    # action leaves alone rather than count the training twice).
    recorded = defaultdict(set)
    if made:
        same = Q()
        for e in made.values():
            same |= Q(event=e) | Q(course_id=e.course_id, completed_on=e.held_on)
        events = {(e.course_id, e.held_on): e.programme_event_id for e in made.values()}
        by_pk = {e.pk: e.programme_event_id for e in made.values()}
        for event_pk, course_id, day, person_id in (
            Record.objects.for_org(org).filter(same).values_list("event_id", "course_id", "completed_on", "person_id")
        ):
            recorded[by_pk.get(event_pk) or events.get((course_id, day))].add(person_id)
    out = []
    for attendance in rows:
        training = Training(attendance, recorded_as=made.get(attendance.event_id))
        seen = set()
        for text in attendance.attendee_lines():
            how, member, namesakes = directory.match(text)
            line = Line(text, how, member, namesakes)
            if member is not None:
                line.recorded = member.user_id in recorded[attendance.event_id]
                line.repeat = member.pk in seen
                seen.add(member.pk)
            training.lines.append(line)
        out.append(training)
    return out
