from kokybe.grid import Route
from orgs.roles import INSIDERS, Role

GRID = []


def _export(cast, org=None, ready=False):
    from django.core.files.base import ContentFile

    from exports.models import Export, Status

    org = org or cast.alfa
    by = cast.jonas if org == cast.alfa else cast.petras
    export = Export.objects.create(org=org, requested_by=by, code="actions.plan_pdf", steps=3)
    if ready:
        export.file.save("planas.pdf", ContentFile(b"%PDF-1.7 grid"), save=False)
        export.status, export.filename, export.content_type = Status.READY, "planas.pdf", "application/pdf"
        export.save()
    return {"pk": export.pk}


# Only the person who asked for an export sees it (Jonas, the coordinator, in the grid); another member gets 403.
GRID += [
    Route("exports:start", method="post", allowed=INSIDERS, kwargs=lambda cast: {"code": "actions.plan_pdf"}),
    Route(
        "exports:detail",
        allowed=frozenset({Role.COORDINATOR}),
        kwargs=lambda cast: _export(cast),
        foreign=lambda cast: _export(cast, cast.beta),
    ),
    Route(
        "exports:download",
        allowed=frozenset({Role.COORDINATOR}),
        kwargs=lambda cast: _export(cast, ready=True),
        foreign=lambda cast: _export(cast, cast.beta, ready=True),
    ),
]
