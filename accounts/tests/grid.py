from kokybe.grid import LOGIN, PUBLIC, Route

GRID = [
    Route("accounts:login", access=PUBLIC, anon_ok=frozenset({200})),
    Route("accounts:logout", access=PUBLIC, method="post", anon_ok=frozenset({302})),
    Route("accounts:profile", access=LOGIN),
]
