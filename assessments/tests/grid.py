from kokybe.grid import Route


def _world(cast):
    """Alfa's cycle (in progress), its completed predecessor, and Beta's cycle, each with a rated gap and a file."""
    if "sa" in cast.extra:
        return cast.extra["sa"]
    from django.core.files.base import ContentFile

    from assessments.models import EvidenceItem, EvidenceKind, Status
    from assessments.tests.factories import answer_for, make_assessment, make_version

    version = make_version()
    world = {}
    for org in (cast.alfa, cast.beta):
        cycle = make_assessment(cast, version, org=org)
        gap = answer_for(cycle, "1.1.1")
        type(gap).objects.filter(pk=gap.pk).update(rating="not_met")
        item = EvidenceItem(org=org, kind=EvidenceKind.FILE, title="Kokybės politika", original_name="politika.txt")
        item.content_type = "text/plain"
        item.file.save("upload.txt", ContentFile("Kokybės politika".encode()), save=True)
        item.answers.add(gap)
        spare = EvidenceItem.objects.create(org=org, kind=EvidenceKind.URL, title="Svetainė", url="https://example.lt/")
        world[org.slug] = {"cycle": cycle, "answer": gap, "item": item, "spare": spare}
    done = make_assessment(cast, version, title="Įsivertinimas 2021")
    type(done).objects.filter(pk=done.pk).update(status=Status.COMPLETED)
    world["done"] = done
    copied = make_assessment(cast, version, title="Įsivertinimas 2027", copied_from=done)
    world["copied"] = copied
    cast.extra["sa"] = world
    return world


def cycle(cast, org="alfa"):
    return {"pk": _world(cast)[org]["cycle"].pk}


def answer(cast, org="alfa"):
    w = _world(cast)[org]
    return {"pk": w["cycle"].pk, "answer_pk": w["answer"].pk}


def linked(cast, org="alfa"):
    w = _world(cast)[org]
    return {"pk": w["cycle"].pk, "answer_pk": w["answer"].pk, "evidence_pk": w["item"].pk}


def beta(kwargs):
    return lambda cast: kwargs(cast, "beta")


GRID = [
    Route("assessments:list"),
    Route("assessments:create"),
    Route("assessments:detail", kwargs=cycle, foreign=beta(cycle)),
    Route("assessments:edit", kwargs=cycle, foreign=beta(cycle)),
    Route(
        "assessments:transition",
        method="post",
        kwargs=cycle,
        foreign=beta(cycle),
        data=lambda cast: {"to": "in_review"},
    ),
    Route(
        "assessments:copy",
        kwargs=lambda cast: {"pk": _world(cast)["done"].pk},
        foreign=beta(cycle),
    ),
    Route(
        "assessments:changes",
        kwargs=lambda cast: {"pk": _world(cast)["copied"].pk},
        foreign=beta(cycle),
    ),
    Route("assessments:readiness", kwargs=cycle, foreign=beta(cycle)),
    Route("assessments:matrix", kwargs=cycle, foreign=beta(cycle)),
    Route("assessments:report_docx", kwargs=cycle, foreign=beta(cycle)),
    Route("assessments:report_pdf", kwargs=cycle, foreign=beta(cycle)),
    Route("assessments:ratings_xlsx", kwargs=cycle, foreign=beta(cycle)),
    Route("assessments:answer", kwargs=answer, foreign=beta(answer)),
    Route(
        "assessments:answer_save",
        method="post",
        kwargs=answer,
        foreign=beta(answer),
        data=lambda cast: {"revision": 0, "rating": "partly", "narrative": "Tvarka patvirtinta 2025 m."},
    ),
    Route(
        "assessments:comment",
        method="post",
        kwargs=answer,
        foreign=beta(answer),
        data=lambda cast: {"body": "Ar yra įsakymo numeris?"},
    ),
    Route("assessments:gap_action", kwargs=answer, foreign=beta(answer)),
    Route(
        "assessments:evidence_add",
        method="post",
        kwargs=answer,
        foreign=beta(answer),
        data=lambda cast: {"kind": "url", "title": "Paslaugų gavėjų chartija", "url": "https://example.lt/chartija"},
    ),
    Route(
        "assessments:evidence_link",
        method="post",
        kwargs=answer,
        foreign=beta(answer),
        data=lambda cast: {"item": _world(cast)["alfa"]["spare"].pk},
    ),
    Route("assessments:evidence_unlink", method="post", kwargs=linked, foreign=beta(linked)),
    Route(
        "assessments:evidence_download",
        kwargs=lambda cast: {"evidence_pk": _world(cast)["alfa"]["item"].pk},
        foreign=lambda cast: {"evidence_pk": _world(cast)["beta"]["item"].pk},
    ),
]
