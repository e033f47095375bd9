from kokybe.grid import PUBLIC, Route
from orgs.roles import Role

# Handling an entry: the managers and its owner (the grid's entry belongs to staff member Rasa); the unit head and the
# internal auditor read it but do not handle it.
HANDLERS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.STAFF})


def _w(cast):
    from .factories import world

    return world(cast)


def entry(cast):
    return {"uuid": _w(cast)["alfa"].uuid}


def foreign(cast):
    return {"uuid": _w(cast)["beta"].uuid}


def public(cast):
    _w(cast)
    return {"org_slug": cast.alfa.slug}


def handle(name, **kwargs):
    return Route(f"complaints:{name}", allowed=HANDLERS, kwargs=entry, foreign=foreign, **kwargs)


GRID = [
    Route("complaints:list"),
    Route("complaints:create"),
    Route("complaints:trends"),
    Route("complaints:trends_xlsx"),
    Route("complaints:rules"),
    Route("complaints:category_add", method="post", data=lambda cast: {"name": "Nauja kategorija", "principles": "3"}),
    Route("complaints:cause_add", method="post", data=lambda cast: {"name": "Nauja priežastis"}),
    Route("complaints:detail", kwargs=entry, foreign=foreign),
    Route("complaints:contact", kwargs=entry, foreign=foreign),
    Route("complaints:original", kwargs=entry, foreign=foreign),
    Route(
        "complaints:timeline_file",
        kwargs=lambda cast: {**entry(cast), "entry_pk": _w(cast)["entry"].pk},
        foreign=lambda cast: {**foreign(cast), "entry_pk": _w(cast)["entry"].pk},
    ),
    handle("edit"),
    handle(
        "timeline_add",
        method="post",
        data=lambda cast: {"type": "note", "happened_on": "2026-12-21", "text": "Skambinta"},
    ),
    handle("extend"),
    handle("forward"),
    handle("decide"),
    handle("close"),
    handle("reply_sent", method="post", data=lambda cast: {"sent_on": "2027-01-10", "via": "email"}),
    handle("action", method="post"),
    Route(
        "complaints:letter",
        allowed=HANDLERS,
        kwargs=lambda cast: {**entry(cast), "fmt": "docx"},
        foreign=lambda cast: {**foreign(cast), "fmt": "docx"},
    ),
    Route("complaints_public:form", access=PUBLIC, kwargs=public),
    Route("complaints_public:easy", access=PUBLIC, kwargs=lambda cast: {**public(cast), "step": 1}),
    Route("complaints_public:receipt", access=PUBLIC, kwargs=public),
    Route("complaints_public:track", access=PUBLIC, kwargs=public),
]
