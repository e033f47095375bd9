"""The minutes of a management review (vadovybės analizės protokolas) as DOCX and PDF, with a signature block.

Everything comes from the review itself: the inputs gathered on the day (JSON), the conclusions, and the decisions
— for a final review, as they were frozen when it was made final (ManagementReview.final_record), so the minutes
printed a year later say what was decided then. Formal dates are written the Lithuanian office way
("2026 m. gruodžio 7 d.", kokybe/lib/dates.py). The layout is the progress report's (progress.sections_docx /
sections_pdf), which both documents share.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from kokybe.lib.dates import formal_date

from . import progress


def _iso(text):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _inputs_text(inputs):
    lines = []
    readiness = inputs.get("readiness")
    if readiness:
        percent = "—" if readiness.get("percent") is None else f"{readiness['percent']} %"
        lines.append(
            _("Self-assessment %(cycle)s (%(status)s): readiness %(percent)s.")
            % {"cycle": readiness["cycle"], "status": readiness["status"], "percent": percent}
        )
    actions = inputs.get("actions") or {}
    if actions:
        lines.append(
            _(
                "Improvement actions: %(open)s open, %(overdue)s overdue, %(done)s completed in the last 12 months "
                "(%(effective)s verified effective, %(not_effective)s not effective)."
            )
            % {
                "open": actions.get("open", 0),
                "overdue": actions.get("overdue", 0),
                "done": actions.get("done_last_year", 0),
                "effective": actions.get("effective", 0),
                "not_effective": actions.get("not_effective", 0),
            }
        )
        for number, title, due, owner in actions.get("overdue_list", []):
            lines.append(f"- #{number} {title} — {due}" + (f", {owner}" if owner else ""))
    for audit in inputs.get("audits") or []:
        findings = ", ".join(f"{label} {n}" for label, n in audit.get("findings", []))
        line = _("Audit %(title)s (%(kind)s, %(date)s, %(status)s)") % audit
        lines.append(f"- {line}" + (f": {findings}" if findings else ""))
    certificate = inputs.get("certificate")
    if certificate:
        lines.append(
            _("Certificate %(reference)s: %(status)s, valid until %(expires)s.")
            % {
                "reference": certificate["reference"],
                "status": certificate["status"],
                "expires": certificate["expires_on"],
            }
        )
    for survey in inputs.get("surveys") or []:
        lines.append(
            "- "
            + _("Survey %(title)s (ended %(date)s): %(n)s responses, %(weak)s weak results")
            % {"title": survey["title"], "date": survey["ends_on"], "n": survey["responses"], "weak": survey["weak"]}
        )
    return "\n".join(lines)


def _decisions_text(rows):
    out = []
    for row in rows:
        parts = [f"#{row['number']} {row['title']}", row["status"]]
        if row.get("owner"):
            parts.append(_("owner: %(owner)s") % {"owner": row["owner"]})
        if row.get("due"):
            parts.append(_("due: %(date)s") % {"date": row["due"]})
        out.append("- " + " — ".join(parts))
    return "\n".join(out)


def minutes_args(review, lang):
    """The heading, facts, sections and signature block of the minutes, in `lang`."""
    with translation.override(lang):
        inputs = review.inputs or {}
        facts = [
            (_("Organisation"), review.org.name),
            (_("Date of the meeting"), formal_date(review.held_on, lang)),
            (_("Participants"), review.participants or "—"),
            (_("Status"), review.get_status_display()),
            (_("Inputs gathered"), formal_date(_iso(inputs.get("gathered_on")), lang) or "—"),
        ]
        if review.is_final and review.final_record.get("finalised_on"):
            facts.append(
                (
                    _("Made final"),
                    f"{formal_date(_iso(review.final_record['finalised_on']), lang)}, "
                    f"{review.final_record.get('finalised_by') or '—'}",
                )
            )
        sections = [
            (_("Inputs"), _inputs_text(inputs)),
            (_("Conclusions"), review.conclusions),
            (_("Decisions"), _decisions_text(review.decision_rows()) or _("No decisions recorded.")),
        ]
        signatures = [_("Chair of the meeting"), _("Secretary of the meeting")]
        return {
            "heading": _("Minutes of the management review"),
            "title": review.title,
            "facts": facts,
            "sections": sections,
            "signatures": signatures,
            "signed_on": formal_date(review.held_on, lang),
        }


def minutes_docx(review, lang):
    return progress.sections_docx(**minutes_args(review, lang), lang=lang)


def minutes_pdf(review, lang):
    return progress.sections_pdf(**minutes_args(review, lang), org=review.org, lang=lang)


def filename(review, ext):
    return progress.filename(review.org, f"{review.title} {review.held_on.isoformat()}", ext)
