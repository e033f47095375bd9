from kokybe.grid import Route


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


def earlier(cast, org="alfa"):
    """An earlier, closed audit and a final management review of the organisation the grant is in."""
    key = f"audits-earlier-{org}"
    if key not in cast.extra:
        from .. import services, services_records
        from .factories import make_audit, manager

        w = _w(cast, org)
        by = manager(cast, w["cycle"].org)
        audit = make_audit(cast, org=w["cycle"].org, assessment=w["cycle"], title="Vidaus auditas 2025")
        services.audit_transition(audit=audit, to="in_progress", by=by)
        services.audit_close(audit=audit, by=by)
        services_records.review_finalise(review_obj=w["review"], by=by)
        cast.extra[key] = (audit, w["review"])
    return cast.extra[key]


def granted_audit_report(cast, org="alfa"):
    return {"grant_pk": _w(cast, org)["grant"].pk, "audit_pk": earlier(cast, org)[0].pk, "fmt": "pdf"}


def granted_review(cast, org="alfa"):
    return {"grant_pk": _w(cast, org)["grant"].pk, "review_pk": earlier(cast, org)[1].pk}


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
    Route("audits:list"),
    Route("audits:create", kwargs=lambda cast: {"kind": "internal"}),
    Route("audits:detail", kwargs=audit, foreign=beta(audit)),
    Route("audits:edit", kwargs=audit, foreign=beta(audit)),
    Route(
        "audits:transition",
        method="post",
        kwargs=audit,
        foreign=beta(audit),
        data=lambda cast: {"to": "in_progress"},
    ),
    Route("audits:close", kwargs=audit, foreign=beta(audit)),
    Route("audits:auditor_report", kwargs=external, foreign=beta(external)),
    Route("audits:report_docx", kwargs=audit, foreign=beta(audit)),
    Route("audits:report_pdf", kwargs=audit, foreign=beta(audit)),
    Route("audits:checklist", kwargs=audit, foreign=beta(audit)),
    Route("audits:onsite_start", kwargs=audit, foreign=beta(audit)),
    Route("audits:onsite", kwargs=item, foreign=beta(item)),
    Route(
        "audits:onsite_save",
        method="post",
        kwargs=item,
        foreign=beta(item),
        data=lambda cast: {"field": "verdict", "verdict": "partly"},
    ),
    Route(
        "audits:finding_create",
        method="post",
        kwargs=audit,
        foreign=beta(audit),
        data=_finding_data,
    ),
    Route("audits:finding", kwargs=finding, foreign=beta(finding)),
    Route("audits:finding_edit", kwargs=finding, foreign=beta(finding)),
    Route("audits:finding_delete", method="post", kwargs=finding, foreign=beta(finding)),
    Route(
        "audits:finding_correct",
        method="post",
        kwargs=finding,
        foreign=beta(finding),
        data=_finding_data,
    ),
    Route("audits:finding_action", method="post", kwargs=finding, foreign=beta(finding)),
    # External auditor access
    Route("audits:grants"),
    Route("audits:grant_create"),
    Route("audits:grant_revoke", method="post", kwargs=grant, foreign=beta(grant)),
    # The external auditor reads only what a grant in force opens. Their routes have no `foreign` case here (the grid
    # tries it as Alfa's director, whom the gate stops first): tests/test_access.py shows Beta's grants give 404.
    Route("audits:granted"),
    Route("audits:granted_cycle", kwargs=grant),
    Route("audits:granted_evidence", kwargs=grant_evidence),
    Route("audits:granted_document", kwargs=grant_document),
    Route("audits:granted_finding_document", kwargs=granted_link),
    Route("audits:granted_summary", kwargs=grant),
    Route("audits:granted_report", kwargs=lambda cast: {**grant(cast), "fmt": "docx"}),
    Route("audits:granted_audit_report", kwargs=granted_audit_report),
    Route("audits:granted_review", kwargs=granted_review),
    Route(
        "audits:granted_finding",
        method="post",
        kwargs=grant,
        data=_finding_data,
    ),
    # Certificates
    Route("audits:certificates"),
    Route("audits:certificate_create"),
    Route("audits:certificate", kwargs=certificate, foreign=beta(certificate)),
    Route("audits:certificate_edit", kwargs=certificate, foreign=beta(certificate)),
    Route("audits:certificate_file", kwargs=certificate, foreign=beta(certificate)),
    # Progress reports
    Route("audits:progress_list"),
    Route("audits:progress_create", method="post", data=lambda cast: {"year": 2024}),
    Route("audits:progress", kwargs=report, foreign=beta(report)),
    Route("audits:progress_edit", kwargs=report, foreign=beta(report)),
    Route("audits:progress_refresh", method="post", kwargs=report, foreign=beta(report)),
    Route(
        "audits:progress_status",
        method="post",
        kwargs=report,
        foreign=beta(report),
        data=lambda cast: {"to": "final"},
    ),
    Route("audits:progress_docx", kwargs=report, foreign=beta(report)),
    Route("audits:progress_pdf", kwargs=report, foreign=beta(report)),
    # Management reviews
    Route("audits:reviews"),
    Route("audits:review_create"),
    Route("audits:review", kwargs=review, foreign=beta(review)),
    Route("audits:review_edit", kwargs=review, foreign=beta(review)),
    Route("audits:review_docx", kwargs=review, foreign=beta(review)),
    Route("audits:review_pdf", kwargs=review, foreign=beta(review)),
    Route("audits:review_refresh", method="post", kwargs=review, foreign=beta(review)),
    Route(
        "audits:review_decision",
        method="post",
        kwargs=review,
        foreign=beta(review),
        data=lambda cast: {"title": "Peržiūrėti skundų nagrinėjimo tvarką"},
    ),
    Route("audits:review_finalise", method="post", kwargs=review, foreign=beta(review)),
]
