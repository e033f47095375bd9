from kokybe.grid import LOGIN, PUBLIC, Route


def _world(cast):
    """A shipped test questionnaire; Alfa's open survey with answers and an invitation; Beta's survey and its own
    questionnaire; the cast programme's impact study."""
    if "surveys" in cast.extra:
        return cast.extra["surveys"]
    from programmes.tests.factories import cast_programme
    from surveys import builder, services
    from surveys.models import Invitation
    from surveys.tests.factories import TEST_YAML, add_response, make_campaign, make_version

    version = make_version()
    world = {"version": version}
    for org in (cast.alfa, cast.beta):
        campaign = make_campaign(org, version, anonymous=True)
        for i in range(6):
            add_response(campaign, {"rate": 1 + i % 2, "nps": 3, "comment": f"Pastaba {i}"})
        invitation = Invitation.objects.create(org=org, campaign=campaign, email=f"gavejas@{org.slug}.test")
        world[org.slug] = {"campaign": campaign, "invitation": invitation}
    world["beta_version"] = make_version(TEST_YAML.replace("code: test-survey", "code: beta-own"), org=cast.beta)
    # Drafts made from the shipped questionnaire, one each: what the builder's pages open.
    world["alfa_draft"] = builder.version_copy(source=version, org=cast.alfa, label="2", by=cast.jonas)
    world["beta_draft"] = builder.version_copy(source=version, org=cast.beta, label="2", by=cast.petras)
    programme = cast_programme(cast)
    world["study"] = services.programme_campaign_create(
        programme=programme,
        version=version,
        title="Poveikio vertinimas",
        starts_on=world["alfa"]["campaign"].starts_on,
        ends_on=world["alfa"]["campaign"].ends_on,
        orgs=[cast.alfa, cast.beta],
        by=cast.jonas,
    )
    world["programme"] = programme
    cast.extra["surveys"] = world
    return world


def campaign(cast, org="alfa"):
    return {"pk": _world(cast)[org]["campaign"].pk}


def beta(kwargs):
    return lambda cast: kwargs(cast, "beta")


def with_code(code):
    def kwargs(cast, org="alfa"):
        return {**campaign(cast, org), "code": code}

    return kwargs


def version(cast):
    return {"version_pk": _world(cast)["version"].pk}


def beta_version(cast):
    return {"version_pk": _world(cast)["beta_version"].pk}


def draft(cast, **more):
    return {"version_pk": _world(cast)["alfa_draft"].pk, **more}


def beta_draft(cast, **more):
    return {"version_pk": _world(cast)["beta_draft"].pk, **more}


def in_draft(**more):
    """Builder arguments: Alfa's draft (kwargs) and Beta's (foreign), with a section or question."""
    return {"kwargs": lambda cast: draft(cast, **more), "foreign": lambda cast: beta_draft(cast, **more)}


def move(cast):
    return {"direction": "down", "revision": _world(cast)["alfa_draft"].checksum}


def public(cast):
    return {"slug": _world(cast)["alfa"]["campaign"].public_slug}


def token(cast):
    return {"token": _world(cast)["alfa"]["invitation"].token}


def study(cast):
    world = _world(cast)
    return {"programme_pk": world["programme"].pk, "pk": world["study"].pk}


GRID = [
    Route("surveys:list"),
    Route("surveys:create"),
    Route("surveys:instruments"),
    Route("surveys:instrument_import"),
    Route("surveys:instrument", kwargs=version, foreign=beta_version),
    Route("surveys:instrument_export", kwargs=version, foreign=beta_version),
    Route("surveys:instrument_print", kwargs=version, foreign=beta_version),
    Route("surveys:instrument_print_easy", kwargs=version, foreign=beta_version),
    # The questionnaire builder: the roles that may import questionnaires.
    Route("surveys:instrument_create"),
    Route("surveys:version_copy", kwargs=version, foreign=beta_version),
    Route("surveys:version_preview", kwargs=version, foreign=beta_version),
    Route(
        "surveys:version_preview_easy",
        kwargs=lambda cast: {**version(cast), "step": 1},
        foreign=lambda cast: {**beta_version(cast), "step": 1},
    ),
    Route("surveys:builder", **in_draft()),
    Route("surveys:builder_details", **in_draft()),
    Route("surveys:builder_activate", method="post", **in_draft()),
    Route("surveys:builder_delete", **in_draft()),
    Route("surveys:builder_section_add", **in_draft()),
    Route("surveys:builder_section", **in_draft(section=1)),
    Route("surveys:builder_section_delete", **in_draft(section=1)),
    Route("surveys:builder_section_move", method="post", data=move, **in_draft(section=1)),
    Route("surveys:builder_question_add", **in_draft(section=1)),
    Route("surveys:builder_question", **in_draft(code="rate")),
    Route("surveys:builder_question_delete", **in_draft(code="rate")),
    Route("surveys:builder_question_move", method="post", data=move, **in_draft(code="rate")),
    Route("surveys:detail", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:edit", kwargs=campaign, foreign=beta(campaign)),
    Route(
        "surveys:status",
        method="post",
        kwargs=campaign,
        foreign=beta(campaign),
        data=lambda cast: {"to": "closed"},
    ),
    Route("surveys:qr_png", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:qr_svg", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:invite", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:remind", method="post", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:paper", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:print", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:print_easy", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:results", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:breakdown", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:trend", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:texts", kwargs=with_code("comment"), foreign=beta(with_code("comment"))),
    Route(
        "surveys:action",
        method="post",
        kwargs=with_code("rate"),
        foreign=beta(with_code("rate")),
    ),
    # The evidence summary: the external auditor reads it only through a grant (audits' granted pages).
    Route("surveys:summary", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:summary_pdf", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:summary_xlsx", kwargs=campaign, foreign=beta(campaign)),
    Route("surveys:raw_xlsx", kwargs=campaign, foreign=beta(campaign)),
    # Respondents need no account: real open-link slugs and personal tokens.
    Route("surveys_public:form", access=PUBLIC, kwargs=public),
    Route("surveys_public:easy", access=PUBLIC, kwargs=lambda cast: {**public(cast), "step": 1}),
    Route("surveys_public:thanks", access=PUBLIC, kwargs=public),
    Route("surveys_public:token", access=PUBLIC, kwargs=token),
    Route("surveys_public:token_easy", access=PUBLIC, kwargs=lambda cast: {**token(cast), "step": 1}),
    Route("surveys_public:token_thanks", access=PUBLIC, kwargs=token),
    # Only the programme's coordinators (Jonas) open these; anyone else gets 404 (test_programme.py says who).
    Route(
        "surveys_programme:list",
        access=LOGIN,
        kwargs=lambda cast: {"programme_pk": _world(cast)["programme"].pk},
        ok=frozenset({200, 404}),
    ),
    Route(
        "surveys_programme:create",
        access=LOGIN,
        kwargs=lambda cast: {"programme_pk": _world(cast)["programme"].pk},
        ok=frozenset({200, 404}),
    ),
    Route("surveys_programme:detail", access=LOGIN, kwargs=study, ok=frozenset({200, 404})),
]
