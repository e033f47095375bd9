from kokybe.grid import PUBLIC, Route
from orgs.roles import MANAGERS, Role

# The grid's draft belongs to Rasa (staff): she and the managers may edit and submit it, no other contributor.
DRAFT_EDITORS = MANAGERS | {Role.STAFF}
# By default only the director approves (DocumentSettings.coordinator_may_approve is off).
APPROVERS = frozenset({Role.DIRECTOR})

GRID = []


def _made(cast, key, make):
    if key not in cast.extra:
        cast.extra[key] = make()
    return cast.extra[key]


def _draft(cast, org=None):
    from documents.tests import factories

    org = org or cast.alfa
    owner = cast.rasa if org == cast.alfa else None
    return _made(cast, f"doc-draft-{org.slug}", lambda: factories.draft(cast, org, owner=owner))


def _submitted(cast, org=None):
    from documents.tests import factories

    org = org or cast.alfa
    return _made(cast, f"doc-review-{org.slug}", lambda: factories.submitted(cast, org, type_code="ethics-policy"))


def _approved(cast, org=None):
    from documents.tests import factories

    org = org or cast.alfa
    return _made(
        cast, f"doc-approved-{org.slug}", lambda: factories.approved(cast, org, type_code="service-users-charter")
    )


def _published(cast, org=None):
    from documents.tests import factories

    org = org or cast.alfa
    return _made(cast, f"doc-published-{org.slug}", lambda: factories.approved(cast, org, publish=True))


def _file(cast, org=None):
    from documents.tests import factories

    org = org or cast.alfa

    def make():
        return factories.approved(
            cast, org, type_code="equass-certificate", start="file", upload=factories.pdf_upload(), publish=True
        )

    return _made(cast, f"doc-file-{org.slug}", make)


def _revised(cast, org=None):
    from documents.tests import factories

    org = org or cast.alfa
    return _made(
        cast, f"doc-revised-{org.slug}", lambda: factories.revised(cast, org, type_code="complaints-procedure")
    )


def _with_readers(cast, org=None):
    from documents import services

    org = org or cast.alfa
    document = _approved(cast, org)

    def make():
        from documents.tests.factories import director

        services.audience_set(document=document, by=director(cast, org), roles=[Role.STAFF], due_days=7)
        return document

    return _made(cast, f"doc-readers-{org.slug}", make)


def _link(cast, org=None):
    from documents import services
    from frameworks.tests.factories import make_version

    org = org or cast.alfa
    document = _approved(cast, org)

    def make():
        from documents.tests.factories import director

        version = make_version(org=org, code=f"grid-doc-{org.slug}")
        indicator = version.indicators.first()
        return services.indicator_link(document=document, by=director(cast, org), indicator=indicator)

    return _made(cast, f"doc-link-{org.slug}", make)


def _own_type(cast, org=None):
    from documents.models import DocumentType

    org = org or cast.alfa

    def make():
        name = "Savanorystės tvarka"
        return DocumentType.objects.create(
            org=org, code=DocumentType.new_code(org, name), name_lt=name, name_en="Volunteering procedure", order=900
        )

    return _made(cast, f"doc-type-{org.slug}", make)


def own_type(make):
    return {
        "kwargs": lambda cast: {"pk": make(cast).pk},
        "foreign": lambda cast: {"pk": make(cast, cast.beta).pk},
    }


def doc(make):
    return {
        "kwargs": lambda cast: {"uuid": make(cast).uuid},
        "foreign": lambda cast: {"uuid": make(cast, cast.beta).uuid},
    }


def version(make, number=1):
    return {
        "kwargs": lambda cast: {"uuid": make(cast).uuid, "number": number},
        "foreign": lambda cast: {"uuid": make(cast, cast.beta).uuid, "number": number},
    }


def public(make):
    return {"kwargs": lambda cast: {"org_slug": cast.alfa.slug, "uuid": make(cast).uuid}, "access": PUBLIC}


GRID += [
    Route("documents:list"),
    Route("documents:checklist"),
    Route("documents:create"),
    Route("documents:settings"),
    Route("documents:types"),
    Route("documents:type_create"),
    Route("documents:type_edit", **own_type(_own_type)),
    Route("documents:type_delete", method="post", **own_type(_own_type)),
    Route("documents:coverage"),
    Route("documents:detail", **doc(_draft)),
    Route("documents:edit", allowed=DRAFT_EDITORS, **doc(_draft)),
    Route("documents:draft", allowed=DRAFT_EDITORS, **doc(_draft)),
    Route(
        "documents:transition",
        allowed=DRAFT_EDITORS,
        method="post",
        data=lambda cast: {"action": "submit"},
        **doc(_draft),
    ),
    Route("documents:approve", allowed=APPROVERS, **doc(_submitted)),
    Route("documents:review", method="post", **doc(_approved)),
    Route("documents:diff", **doc(_revised)),
    Route("documents:readers", **doc(_with_readers)),
    Route("documents:remind", method="post", **doc(_with_readers)),
    Route(
        "documents:link",
        method="post",
        # kwargs run before the request (data runs inside its rolled-back savepoint): they make the framework.
        kwargs=lambda cast: {"uuid": _link(cast).document.uuid},
        foreign=lambda cast: {"uuid": _approved(cast, cast.beta).uuid},
        data=lambda cast: {"indicator": _link(cast).indicator.version.indicators.last().pk},
    ),
    Route(
        "documents:unlink",
        method="post",
        kwargs=lambda cast: {"uuid": _link(cast).document.uuid, "pk": _link(cast).pk},
        foreign=lambda cast: {"uuid": _link(cast, cast.beta).document.uuid, "pk": _link(cast, cast.beta).pk},
    ),
    Route("documents:version", **version(_approved)),
    Route("documents:version_file", **version(_file)),
    Route("documents:version_pdf", **version(_approved)),
    Route("documents:acknowledge", method="post", **version(_approved)),
    # The page exists once something is published on it.
    Route("quality:page", access=PUBLIC, kwargs=lambda cast: {"org_slug": _published(cast).org.slug}),
    Route("quality:document", **public(_published)),
    Route("quality:pdf", **public(_published)),
    Route("quality:file", **public(_file)),
]
