"""The audit report (DOCX with python-docx, PDF with WeasyPrint) in Lithuanian or English: scope, team, method,
summary per principle, every finding (corrections beside what they correct), the actions agreed and the conclusion.
Both formats read one ReportData, built in a fixed number of queries."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kokybe.lib import docx
from kokybe.lib.pdf import render_pdf

from . import checklist, services
from .models import FindingKind, Verdict

LANGUAGES = ("lt", "en")


@dataclass
class ReportData:
    org: object
    audit: object
    facts: list
    principles: list
    summary: list
    kind_columns: list
    findings: list
    actions: list
    generated: object


def _date(value):
    return value.strftime("%Y-%m-%d") if value else "—"


def _people(audit):
    if audit.is_internal:
        team = [str(u) for u in audit.team.all() if u.pk != audit.lead_auditor_id]
        return [
            (_("Lead auditor"), str(audit.lead_auditor) if audit.lead_auditor_id else "—"),
            (_("Audit team"), "; ".join(team) or "—"),
        ]
    return [
        (_("Audit type"), audit.get_external_type_display()),
        (_("Auditor"), audit.auditor_name or "—"),
        (_("Auditing body"), audit.auditor_body or "—"),
        (_("Desk review"), _date(audit.desk_review_on)),
        (_("Site visit"), _date(audit.site_visit_on)),
    ]


def report_data(audit):
    """Call inside translation.override(): labels and framework texts come out in the active language."""
    principles = checklist.principles_in_scope(audit)
    items = list(checklist.items_of(audit)) if audit.is_internal else []
    findings = checklist.findings_of(audit)
    corrected = {f.corrects_id: f for f in findings if f.corrects_id}
    for f in findings:
        f.corrected_by = corrected.get(f.pk)
        f.document_lines = [document_line(found) for found in f.documents]
    actions = services.actions_of(findings)
    dates = _date(audit.planned_start)
    if audit.planned_end and audit.planned_end != audit.planned_start:
        dates += f" – {_date(audit.planned_end)}"
    facts = [
        (_("Organisation"), audit.org.name),
        (_("Audit"), audit.title),
        (_("Kind"), audit.get_kind_display()),
        (_("Framework"), str(audit.version)),
        (_("Dates"), dates),
        *_people(audit),
        (_("Principles in scope"), "; ".join(str(p) for p in principles)),
        (_("Services in scope"), "; ".join(s.name for s in audit.services.all()) or "—"),
        (_("Self-assessment"), str(audit.assessment) if audit.assessment_id else "—"),
        (_("Status"), audit.get_status_display()),
    ]
    agreed = [a for f in findings for a in actions.get(f.pk, [])]
    return ReportData(
        org=audit.org,
        audit=audit,
        facts=facts,
        principles=principles,
        summary=checklist.summary_by_principle(audit, principles, items, findings),
        kind_columns=checklist.finding_kind_columns(audit),
        findings=findings,
        actions=sorted(agreed, key=lambda a: a.number),
        generated=timezone.localtime(),
    )


def verdict_columns(audit):
    return [Verdict(v) for v in Verdict.values] if audit.is_internal else []


def summary_tables(data):
    """[(caption, header, rows)]: the checklist verdicts per principle (internal audits), then the findings of each
    kind per principle. Two tables of five columns rather than one of nine, which no A4 page holds with the words
    whole ("Nedidelė neatitiktis" beside "Pastebėjimas")."""
    tables = []
    verdicts = verdict_columns(data.audit)
    if verdicts:
        tables.append(
            (
                _("Checklist verdicts by principle"),
                [_("Principle"), *[v.label for v in verdicts]],
                [[str(row.principle), *[row.verdict(v) for v in verdicts]] for row in data.summary],
            )
        )
    tables.append(
        (
            _("Findings by principle"),
            [_("Principle"), *[k.label for k in data.kind_columns]],
            [[str(row.principle), *[row.finding(k) for k in data.kind_columns]] for row in data.summary],
        )
    )
    return tables


def finding_line(f):
    label = FindingKind(f.kind).label
    place = f.place()
    head = _("Finding %(number)s · %(kind)s") % {"number": f.number, "kind": label}
    return f"{head}{f' · {place}' if place else ''}"


def document_line(found):
    """A document a finding rests on, with the version meant and its approval (documents.evidence.Evidence)."""
    facts = [found.version_label]
    if found.approved_on:
        facts.append(_("approved on %(date)s") % {"date": _date(found.approved_on)})
    if found.version is not None and found.version.order_number:
        facts.append(_("order No. %(number)s") % {"number": found.version.order_number})
    return f"{found.title} ({', '.join(str(fact) for fact in facts)})"


def action_line(action):
    return _("#%(number)s %(title)s — %(status)s, owner: %(owner)s, due: %(due)s") % {
        "number": action.number,
        "title": action.title,
        "status": action.get_status_display(),
        "owner": action.owner or "—",
        "due": _date(action.due_date),
    }


def filename(audit, lang, ext):
    base = slugify(f"{audit.org.short_name or audit.org.name} {audit.title}") or "audit"
    return f"{base}-{lang}.{ext}"


# ── DOCX ──────────────────────────────────────────────────────────────────────────────────────────────────────────


def _finding_docx(doc, f):
    doc.add_heading(finding_line(f), level=3)
    if f.corrects_id:
        doc.add_paragraph(_("Corrects finding %(number)s.") % {"number": f.corrects.number}, style="Intense Quote")
    if f.corrected_by:
        doc.add_paragraph(
            _("Corrected by finding %(number)s.") % {"number": f.corrected_by.number}, style="Intense Quote"
        )
    doc.add_paragraph(f.text)
    if f.evidence:
        paragraph = doc.add_paragraph()
        paragraph.add_run(_("Evidence") + ": ").bold = True
        paragraph.add_run(f.evidence)
    if f.document_lines:
        doc.add_paragraph().add_run(_("Documents") + ":").bold = True
        for line in f.document_lines:
            doc.add_paragraph(line, style="List Bullet")


def report_docx(audit, lang):
    with translation.override(lang):
        data = report_data(audit)
        doc = docx.document(title=f"{_('Audit report')}: {audit.title}", lang=lang)
        doc.add_heading(_("Audit report"), level=0)
        doc.add_paragraph(audit.title)
        docx.table(doc, [_("Item"), _("Value")], data.facts)
        doc.add_heading(_("Method"), level=1)
        doc.add_paragraph(audit.method or "—")
        doc.add_heading(_("Summary by principle"), level=1)
        if data.summary:
            for caption, header, rows in summary_tables(data):
                doc.add_paragraph().add_run(caption).bold = True
                docx.table(doc, header, rows)
        else:
            doc.add_paragraph(_("Nothing has been recorded yet."))
        doc.add_heading(_("Findings"), level=1)
        if not data.findings:
            doc.add_paragraph(_("No findings were recorded."))
        for f in data.findings:
            _finding_docx(doc, f)
        doc.add_heading(_("Actions agreed"), level=1)
        if not data.actions:
            doc.add_paragraph(_("No improvement actions were agreed."))
        for action in data.actions:
            doc.add_paragraph(action_line(action), style="List Bullet")
        doc.add_heading(_("Conclusion"), level=1)
        doc.add_paragraph(audit.summary or "—")
        doc.add_paragraph(_("Generated %(when)s") % {"when": data.generated.strftime("%Y-%m-%d %H:%M")})
        return docx.save(doc)


# ── PDF ───────────────────────────────────────────────────────────────────────────────────────────────────────────


def report_html(audit, lang):
    with translation.override(lang):
        data = report_data(audit)
        return render_to_string(
            "audits/report_pdf.html",
            {
                "data": data,
                "summary_tables": summary_tables(data) if data.summary else [],
                "finding_lines": [(f, finding_line(f)) for f in data.findings],
                "action_lines": [action_line(a) for a in data.actions],
                "lang": lang,
            },
        )


def report_pdf(audit, lang):
    return render_pdf(report_html(audit, lang))
