"""Rows about indicators (self-assessment answers, audit checklist items) laid out as the framework's tree:
principle → criterion → rows. The one grouping the assessment pages, reports and the audit checklist share."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .models import Criterion, Principle


@dataclass
class PrincipleGroup:
    principle: Principle
    criteria: list[tuple[Criterion, list[Any]]] = field(default_factory=list)

    @property
    def rows(self) -> list[Any]:
        return [row for _criterion, rows in self.criteria for row in rows]


def by_principle(rows: Iterable[Any]) -> list[PrincipleGroup]:
    """`rows` (each with `.indicator`, already in tree order, indicator's criterion and principle selected) as one
    group per principle, each with its criteria in order and the rows under them."""
    groups: list[PrincipleGroup] = []
    seen: dict[int, PrincipleGroup] = {}
    for row in rows:
        criterion = row.indicator.criterion
        group = seen.get(criterion.principle_id)
        if group is None:
            group = seen[criterion.principle_id] = PrincipleGroup(criterion.principle)
            groups.append(group)
        if not group.criteria or group.criteria[-1][0].pk != criterion.pk:
            group.criteria.append((criterion, []))
        group.criteria[-1][1].append(row)
    return groups
