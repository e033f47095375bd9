from kokybe.grid import LOGIN, ORG, PUBLIC, Route

from .factories import cast_application, cast_event, cast_indicator, cast_programme, cast_round, cast_wave


def _pk(cast):
    return {"pk": cast_programme(cast).pk}


def _slug(cast):
    return cast_application(cast).programme.application_slug


# Programme pages: only the programme's roles open them (Jonas coordinates the cast's programme); every other
# signed-in person gets 404. test_roles.py walks the consultant and the funder viewer through every one of them, and
# every provider page of the grid, where programme roles must get 404.
GRID = [
    Route("programmes:list", access=LOGIN, ok=frozenset({200})),
    Route("programmes:detail", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:board", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:board_export", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route(
        "programmes:gantt",
        access=LOGIN,
        kwargs=lambda cast: {"pk": cast_programme(cast).pk, "wave_pk": cast_wave(cast).pk},
        ok=frozenset({200, 404}),
    ),
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
    # Applications to join: only the coordinator opens them (Jonas accepts with no wave or consultant, declines with
    # a reason); the public page is the programme's open application form.
    Route("programmes:applications", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route(
        "programmes:application",
        access=LOGIN,
        kwargs=lambda cast: {"pk": cast_programme(cast).pk, "application_pk": cast_application(cast).pk},
        ok=frozenset({200, 404}),
    ),
    Route(
        "programmes:application_accept",
        access=LOGIN,
        method="post",
        kwargs=lambda cast: {"pk": cast_programme(cast).pk, "application_pk": cast_application(cast).pk},
        ok=frozenset({302, 404}),
    ),
    Route(
        "programmes:application_decline",
        access=LOGIN,
        method="post",
        kwargs=lambda cast: {"pk": cast_programme(cast).pk, "application_pk": cast_application(cast).pk},
        data=lambda cast: {"reason": "Jūsų savivaldybė į programą nepatenka."},
        ok=frozenset({302, 404}),
    ),
    Route("programmes_public:apply", access=PUBLIC, kwargs=lambda cast: {"slug": _slug(cast)}),
    Route("programmes_public:sent", access=PUBLIC, kwargs=lambda cast: {"slug": _slug(cast)}),
    # Participants from XLSX (the coordinator only); confirming with nothing uploaded goes back to the upload page.
    Route("programmes:participants_import", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:participants_import_confirm", access=LOGIN, method="post", kwargs=_pk, ok=frozenset({302, 404})),
    Route("programmes:participants_template", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    # Visits and trainings (coordinator and consultant).
    Route("programmes:events", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route("programmes:event_create", access=LOGIN, kwargs=_pk, ok=frozenset({200, 404})),
    Route(
        "programmes:event",
        access=LOGIN,
        kwargs=lambda cast: {"pk": cast_programme(cast).pk, "event_pk": cast_event(cast).pk},
        ok=frozenset({200, 404}),
    ),
    # The provider's side: what the programme sees about it, and the indicators it reports.
    Route("programmes_org:seen", access=ORG),
    Route(
        "programmes_org:indicator",
        access=ORG,
        kwargs=lambda cast: {"programme_pk": cast_programme(cast).pk, "indicator_pk": cast_indicator(cast).pk},
    ),
]
