"""National and EU-funded programmes that steer many providers (e.g. the EQUASS project 08.4.1-ESFA-V-421-01-0001).

A programme is platform-level, not a tenant: it has no `org` of its own. Its coordinating organisation runs it, its
participating organisations join it (ProgrammeParticipation), and the people in `coordinators` (the
"programme_coordinator" platform role) see its participants' basic data without being members of those organisations.

Three programme roles, held per programme and never a membership of a provider: coordinators (everything of the
programme), consultants (the board and the records of the providers assigned to them) and funder viewers (aggregates
and reports only). None of them opens a provider's internal pages: those stay behind the provider's own gate.

What a provider shares with its programme is stated on the programme (`shares_*`); milestones and the participation
status are always shared, because the programme cannot be run without them.

The milestone chain (MilestoneTemplate → MilestoneStep) is data; each participation gets its Milestones with planned and
actual dates. Programme indicators (ProgrammeIndicator) take monthly Contributions from providers, or, for counts of
unique persons, PersonReports carrying only a keyed hash of the person's personal code (see programmes/persons.py).

By concept: programmes, participations and milestones (core.py); indicators (indicators.py); rounds pushed to many
providers (rounds.py); applications, consultant visits and trainings (intake.py).
"""

from .core import (  # noqa: F401
    AGGREGATES,
    ALL_PROGRAMME_ROLES,
    DUE_SOON,
    MIN_GROUP,
    STEERING,
    Milestone,
    MilestoneQuerySet,
    MilestoneSource,
    MilestoneStep,
    MilestoneTemplate,
    ParticipationQuerySet,
    Programme,
    ProgrammeParticipation,
    ProgrammePhase,
    ProgrammeQuerySet,
    ProgrammeRole,
    Wave,
    new_person_key,
)
from .indicators import (  # noqa: F401
    DIMENSIONS,
    AgeGroup,
    Contribution,
    Disability,
    HelpType,
    PersonReport,
    ProgrammeIndicator,
)
from .intake import (  # noqa: F401
    Application,
    ApplicationQuerySet,
    EventAttendance,
    EventQuerySet,
    ProgrammeEvent,
)
from .rounds import (  # noqa: F401
    ProgrammeRound,
    RoundItem,
)
