from kokybe.grid import Route
from orgs.roles import Role

INSIDERS = frozenset(Role.values) - {Role.EXTERNAL_AUDITOR}
MANAGERS = frozenset({Role.DIRECTOR, Role.COORDINATOR})
# Plan audits, record checklists and findings, turn findings into actions.
AUDIT_EDITORS = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.INTERNAL_AUDITOR})
# The external auditor reads only what a grant in force opens. Their routes have no `foreign` case here (the grid
# tries it as Alfa's director, whom the gate stops first): tests/test_access.py shows Beta's grants give 404.
AUDITOR = frozenset({Role.EXTERNAL_AUDITOR})


def _w(cast, org="alfa"):
    from .factories import world

    return world(cast)[org]


def audit(cast, org="alfa"):
    return {"pk": _w(cast, org)["internal"].pk}


def external(cast, org="alfa"):
    return {"pk": _w(cast, org)["external"].pk}


def item(cast, org="alfa"):
    w = _w(cast, org)
    return {"pk": w["internal"].pk, "item_pk": w["item0"].pk}


def finding(cast, org="alfa"):
    w = _w(cast, org)
    return {"pk": w["internal"].pk, "finding_pk": w["finding"].pk}


def grant(cast, org="alfa"):
    return {"grant_pk": _w(cast, org)["grant"].pk}


def grant_evidence(cast, org="alfa"):
    w = _w(cast, org)
    return {"grant_pk": w["grant"].pk, "evidence_pk": w["item"].pk}


def grant_document(cast, org="alfa"):
    w = _w(cast, org)
    return {"grant_pk": w["grant"].pk, "document_uuid": w["document"].uuid}


def granted_link(cast, org="alfa"):
    """A finding of the granted (external) audit resting on the organisation's published document."""
    w = _w(cast, org)
    key = f"audits-granted-link-{org}"
    if key not in cast.extra:
        from .. import services
        from .factories import manager

        finding = services.finding_create(
            audit=w["external"],
            kind="recommendation",
            text="Papildyti kokybės politiką paslaugų gavėjų tikslais.",
            documents=[(w["document"], None)],
            by=manager(cast, w["document"].org),
        )
        cast.extra[key] = finding.document_links.get()
    link = cast.extra[key]
    return {"grant_pk": w["grant"].pk, "finding_pk": link.finding_id, "link_pk": link.pk}


def certificate(cast, org="alfa"):
    return {"pk": _w(cast, org)["certificate"].pk}


def report(cast, org="alfa"):
    return {"pk": _w(cast, org)["report"].pk}


def review(cast, org="alfa"):
    return {"pk": _w(cast, org)["review"].pk}


def beta(kwargs):
    return lambda cast: kwargs(cast, "beta")


def _finding_data(cast):
    return {"kind": "observation", "text": "Pasitarimų protokoluose nėra sprendimų vykdymo terminų."}


GRID = [
    Route("audits:list", allowed=INSIDERS),
    Route("audits:create", allowed=AUDIT_EDITORS, kwargs=lambda cast: {"kind": "internal"}),
    Route("audits:detail", allowed=INSIDERS, kwargs=audit, foreign=beta(audit)),
    Route("audits:edit", allowed=AUDIT_EDITORS, kwargs=audit, foreign=beta(audit)),
    Route(
        "audits:transition",
        allowed=AUDIT_EDITORS,
        method="post",
        kwargs=audit,
        foreign=beta(audit),
        data=lambda cast: {"to": "in_progress"},
    ),
    Route("audits:close", allowed=AUDIT_EDITORS, kwargs=audit, foreign=beta(audit)),
    Route("audits:auditor_report", allowed=INSIDERS, kwargs=external, foreign=beta(external)),
    Route("audits:report_docx", allowed=INSIDERS, kwargs=audit, foreign=beta(audit)),
    Route("audits:report_pdf", allowed=INSIDERS, kwargs=audit, foreign=beta(audit)),
    Route("audits:checklist", allowed=INSIDERS, kwargs=audit, foreign=beta(audit)),
    Route("audits:onsite_start", allowed=AUDIT_EDITORS, kwargs=audit, foreign=beta(audit)),
    Route("audits:onsite", allowed=AUDIT_EDITORS, kwargs=item, foreign=beta(item)),
    Route(
        "audits:onsite_save",
        allowed=AUDIT_EDITORS,
        method="post",
        kwargs=item,
        foreign=beta(item),
        data=lambda cast: {"field": "verdict", "verdict": "partly"},
    ),
    Route(
        "audits:finding_create",
        allowed=AUDIT_EDITORS,
        method="post",
        kwargs=audit,
        foreign=beta(audit),
        data=_finding_data,
    ),
    Route("audits:finding", allowed=INSIDERS, kwargs=finding, foreign=beta(finding)),
    Route("audits:finding_edit", allowed=AUDIT_EDITORS, kwargs=finding, foreign=beta(finding)),
    Route("audits:finding_delete", allowed=AUDIT_EDITORS, method="post", kwargs=finding, foreign=beta(finding)),
    Route(
        "audits:finding_correct",
        allowed=AUDIT_EDITORS,
        method="post",
        kwargs=finding,
        foreign=beta(finding),
        data=_finding_data,
    ),
    Route("audits:finding_action", allowed=AUDIT_EDITORS, method="post", kwargs=finding, foreign=beta(finding)),
    # External auditor access
    Route("audits:grants", allowed=MANAGERS),
    Route("audits:grant_create", allowed=MANAGERS),
    Route("audits:grant_revoke", allowed=MANAGERS, method="post", kwargs=grant, foreign=beta(grant)),
    Route("audits:granted", allowed=AUDITOR),
    Route("audits:granted_cycle", allowed=AUDITOR, kwargs=grant),
    Route("audits:granted_evidence", allowed=AUDITOR, kwargs=grant_evidence),
    Route("audits:granted_document", allowed=AUDITOR, kwargs=grant_document),
    Route("audits:granted_finding_document", allowed=AUDITOR, kwargs=granted_link),
    Route(
        "audits:granted_finding",
        allowed=AUDITOR,
        method="post",
        kwargs=grant,
        data=_finding_data,
    ),
    # Certificates
    Route("audits:certificates", allowed=INSIDERS),
    Route("audits:certificate_create", allowed=MANAGERS),
    Route("audits:certificate", allowed=INSIDERS, kwargs=certificate, foreign=beta(certificate)),
    Route("audits:certificate_edit", allowed=MANAGERS, kwargs=certificate, foreign=beta(certificate)),
    Route("audits:certificate_file", allowed=INSIDERS, kwargs=certificate, foreign=beta(certificate)),
    # Progress reports
    Route("audits:progress_list", allowed=INSIDERS),
    Route("audits:progress_create", allowed=MANAGERS, method="post", data=lambda cast: {"year": 2024}),
    Route("audits:progress", allowed=INSIDERS, kwargs=report, foreign=beta(report)),
    Route("audits:progress_edit", allowed=MANAGERS, kwargs=report, foreign=beta(report)),
    Route("audits:progress_refresh", allowed=MANAGERS, method="post", kwargs=report, foreign=beta(report)),
    Route(
        "audits:progress_status",
        allowed=MANAGERS,
        method="post",
        kwargs=report,
        foreign=beta(report),
        data=lambda cast: {"to": "final"},
    ),
    Route("audits:progress_docx", allowed=INSIDERS, kwargs=report, foreign=beta(report)),
    Route("audits:progress_pdf", allowed=INSIDERS, kwargs=report, foreign=beta(report)),
    # Management reviews
    Route("audits:reviews", allowed=INSIDERS),
    Route("audits:review_create", allowed=MANAGERS),
    Route("audits:review", allowed=INSIDERS, kwargs=review, foreign=beta(review)),
    Route("audits:review_edit", allowed=MANAGERS, kwargs=review, foreign=beta(review)),
    Route("audits:review_docx", allowed=INSIDERS, kwargs=review, foreign=beta(review)),
    Route("audits:review_pdf", allowed=INSIDERS, kwargs=review, foreign=beta(review)),
    Route("audits:review_refresh", allowed=MANAGERS, method="post", kwargs=review, foreign=beta(review)),
    Route(
        "audits:review_decision",
        allowed=MANAGERS,
        method="post",
        kwargs=review,
        foreign=beta(review),
        data=lambda cast: {"title": "Peržiūrėti skundų nagrinėjimo tvarką"},
    ),
    Route("audits:review_finalise", allowed=MANAGERS, method="post", kwargs=review, foreign=beta(review)),
]
