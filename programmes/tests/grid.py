from kokybe.grid import LOGIN, ORG, Route

from .factories import cast_indicator, cast_programme, cast_round


def _pk(cast):
    return {"pk": cast_programme(cast).pk}


# Programme pages: only the programme's roles open them (Jonas coordinates the cast's programme); every other
# signed-in person gets 404. test_roles.py walks the consultant and the funder viewer through every one of them, and
# every provider page of the grid, where programme roles must get 404.
GRID = [
    Route("programmes:list", access=LOGIN, ok=frozenset({200})),
    Route("programmes:detail", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:board", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:board_export", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:board_sync", access=LOGIN, method="post", kwargs=_pk, ok=frozenset({302, 404})),
    Route("programmes:indicators", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:key_rotate", access=LOGIN, method="post", kwargs=_pk, ok=frozenset({302, 404})),
    Route("programmes:benchmarks", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:report_xlsx", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:report_pdf", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:rounds", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route(
        "programmes:round",
        access=LOGIN,
        kwargs=lambda cast: {"pk": cast_programme(cast).pk, "round_pk": cast_round(cast).pk},
        ok=frozenset({200, 404}),
    ),
    Route(
        "programmes:round_remind",
        access=LOGIN,
        method="post",
        kwargs=lambda cast: {"pk": cast_programme(cast).pk, "round_pk": cast_round(cast).pk},
        ok=frozenset({302, 404}),
    ),
    # The provider's side: what the programme sees about it, and the indicators it reports.
    Route("programmes_org:seen", access=ORG),
    Route(
        "programmes_org:indicator",
        access=ORG,
        kwargs=lambda cast: {"programme_pk": cast_programme(cast).pk, "indicator_pk": cast_indicator(cast).pk},
    ),
]
