"""The API's endpoints, one module per area. A new module adds its endpoints by writing `api/endpoints/<area>.py`
with a ninja Router and naming it here (see the README's design notes)."""

from . import actions, assessments, complaints, orgs, people, registers, results

ROUTERS = [
    orgs.router,
    actions.router,
    assessments.router,
    registers.router,
    complaints.router,
    results.router,
    people.router,
]
