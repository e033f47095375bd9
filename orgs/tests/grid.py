from kokybe.grid import LOGIN, Route
from orgs.roles import Role

EVERYONE = frozenset(Role.values)

GRID = [
    Route("root:home", access=LOGIN),
    Route("orgs:dashboard", allowed=EVERYONE),
]
