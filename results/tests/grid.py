from kokybe.grid import Route
from orgs.roles import MANAGERS, Role


def indicator(cast, org="alfa"):
    from .factories import world

    return {"pk": world(cast, org).pk}


def value_request(cast, org="alfa"):
    from datetime import date

    from results.requests import request_create

    from .factories import definition

    key = f"results-request-{org}"
    if key not in cast.extra:
        cast.extra[key] = request_create(
            org=getattr(cast, org),
            title="Rezultatai 2025",
            period="2025",
            due_date=date(2027, 1, 31),
            definitions=[definition()],
            by=None,
        )
    return cast.extra[key]


def beta(kwargs):
    return lambda cast: kwargs(cast, "beta")


GRID = [
    Route("results:overview"),
    Route("results:add"),
    Route("results:recompute", method="post"),
    Route("results:sheet"),
    Route("results:sheet_pdf"),
    Route("results:sheet_xlsx"),
    Route("results:library"),
    Route("results:library_export"),
    Route("results:library_import"),
    Route("results:import"),
    Route("results:import_template"),
    Route("results:detail", kwargs=indicator, foreign=beta(indicator)),
    Route("results:edit", kwargs=indicator, foreign=beta(indicator)),
    Route(
        "results:targets",
        method="post",
        kwargs=indicator,
        foreign=beta(indicator),
        data=lambda cast: {"targets": "2026: 8"},
    ),
    # The owner (Rasa, staff) and the managers enter values; other contributors may not.
    Route(
        "results:value",
        method="post",
        kwargs=indicator,
        foreign=beta(indicator),
        allowed=MANAGERS | {Role.STAFF},
        data=lambda cast: {"period": "2025", "value": "8"},
    ),
    Route(
        "results:approve",
        method="post",
        kwargs=indicator,
        foreign=beta(indicator),
        data=lambda cast: {"period": "2025"},
    ),
    Route(
        "results:correct",
        method="post",
        kwargs=indicator,
        foreign=beta(indicator),
        data=lambda cast: {"correction-period": "2024", "correction-value": "11", "correction-reason": "Recounted"},
    ),
    # A programme's request for values: the managers answer it (the programme roles never open it: they are no
    # members, and the programme's pages show only its state and distributions).
    Route(
        "results:request",
        kwargs=lambda cast: {"pk": value_request(cast).pk},
        foreign=lambda cast: {"pk": value_request(cast, "beta").pk},
    ),
]
