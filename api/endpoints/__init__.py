"""The API's endpoints, one module per area. A new module adds its endpoints by writing `api/endpoints/<area>.py`
with a ninja Router and naming it here (see the README's design notes)."""

from . import actions, assessments, complaints, orgs, people, programmes, registers, results

ROUTERS = [
    orgs.router,
    actions.router,
    assessments.router,
    registers.router,
    complaints.router,
    results.router,
    people.router,
]

# Behind their own gate (a programme token or a programme role's session; api.core.programme_endpoint): never an
# organisation's token.
PROGRAMME_ROUTERS = [programmes.router]
