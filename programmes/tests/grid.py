from kokybe.grid import LOGIN, Route

from .factories import cast_programme

GRID = [
    Route("programmes:list", access=LOGIN, ok=frozenset({200})),
    # Only the programme's coordinators open it; every other signed-in person gets 404 (test_views.py says who).
    Route(
        "programmes:detail",
        access=LOGIN,
        kwargs=lambda cast: {"pk": cast_programme(cast).pk},
        ok=frozenset({200, 404}),
    ),
]
