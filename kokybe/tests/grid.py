from kokybe.grid import PUBLIC, Route

GRID = [
    Route("healthz", access=PUBLIC, anon_ok=frozenset({200})),
    Route("favicon", access=PUBLIC, ok=frozenset({301}), anon_ok=frozenset({301})),
    Route(
        "set_language",
        access=PUBLIC,
        method="post",
        data=lambda cast: {"language": "en", "next": "/"},
        anon_ok=frozenset({302}),
    ),
]
