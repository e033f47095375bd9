"""The legal clocks of a complaint, counted in Lithuanian working days (kokybe.lib.workdays).

The terms are data: an organisation keeps them in `ComplaintRules` (defaults from Government Resolution No. 875 as
restated by No. 933 of 2017), and every complaint keeps a `Rule` snapshot of the terms it was received under, so a
later change to the organisation's rules never moves an old complaint's deadline.

A term of n working days runs from the day after the event: received on Friday 2026-12-18, the 20-working-day
decision is due on 2027-01-20 (12-24, 12-25, 12-26 and 01-01 are holidays).
"""

from dataclasses import asdict, dataclass
from datetime import date

from kokybe.lib.workdays import add_working_days, working_days_between


@dataclass(frozen=True)
class Rule:
    decision_days: int = 20  # decided within 20 working days
    extension_max_days: int = 10  # the head may extend once, by up to 10 working days
    extension_notice_days: int = 2  # … telling the person, with reasons, within 2 working days
    forward_days: int = 5  # a misdirected complaint is forwarded within 5 working days
    forward_notice_days: int = 3  # … and the person told within 3 working days of forwarding
    acknowledge_days: int = 2  # the receipt acknowledged (the organisation's own term; not set by the resolution)

    def as_json(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict | None) -> "Rule":
        known = {name: int(value) for name, value in (data or {}).items() if name in cls.__dataclass_fields__}
        return cls(**known)

    def decision_due(self, received: date, extension_days: int = 0) -> date:
        return add_working_days(received, self.decision_days + extension_days)

    def acknowledge_due(self, received: date) -> date:
        return add_working_days(received, self.acknowledge_days)

    def forward_due(self, received: date) -> date:
        return add_working_days(received, self.forward_days)

    def forward_notice_due(self, forwarded: date) -> date:
        return add_working_days(forwarded, self.forward_notice_days)

    def extension_notice_due(self, extended: date) -> date:
        return add_working_days(extended, self.extension_notice_days)


def days_taken(received: date, decided: date) -> int:
    """Working days from receipt to decision (the day of receipt not counted)."""
    return working_days_between(received, decided)
