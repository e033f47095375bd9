"""The yearly progress report (pažangos ataskaita): the year's data collected into editable text sections, and the
finished report as DOCX or PDF.

Collecting reads the organisation's actions, audits and self-assessments (readiness by the version's own rule), and
what the other installed apps contribute (kokybe.surfaces.progress_report: document reviews, survey results, …);
each section is plain text the coordinator then edits. What a module does not hold is left empty rather than guessed.
"""

from collections import Counter
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from actions.models import OPEN_STATUSES, ImprovementAction
from actions.models import Status as ActionStatus
from assessments.models import Assessment
from kokybe import surfaces
from kokybe.lib import docx
from kokybe.lib.pdf import render_pdf

from . import services
from .models import Audit, AuditFinding, Certificate, FindingKind

DONE = (ActionStatus.DONE, ActionStatus.EFFECTIVE, ActionStatus.NOT_EFFECTIVE)


def _d(value):
    return value.isoformat() if value else "—"


def _action_line(action):
    return _("#%(number)s %(title)s — %(status)s, owner: %(owner)s, due: %(due)s") % {
        "number": action.number,
        "title": action.title,
        "status": action.get_status_display(),
        "owner": action.owner or "—",
        "due": _d(action.due_date),
    }


def introduction(org, year):
    lines = [_("Progress report of %(org)s for %(year)s.") % {"org": org.name, "year": year}]
    end = date(year, 12, 31)
    certificates = Certificate.objects.for_org(org).filter(issued_on__lte=end).select_related("version__framework")
    for certificate in certificates.latest_first()[:1]:
        lines.append(
            _("Certificate %(reference)s (%(framework)s), issued %(issued)s, valid until %(expires)s.")
            % {
                "reference": certificate.reference,
                "framework": certificate.version,
                "issued": _d(certificate.issued_on),
                "expires": _d(certificate.expires_on),
            }
        )
    return "\n".join(lines)


def actions_section(org, year):
    end = date(year, 12, 31)
    actions = ImprovementAction.objects.for_org(org).select_related("owner").order_by("number")
    done = list(actions.filter(status__in=DONE, completed_on__year=year))
    still_open = list(actions.filter(status__in=OPEN_STATUSES, created_at__date__lte=end))
    lines = [
        _("Improvement actions completed in %(year)s: %(n)s.") % {"year": year, "n": len(done)},
        *(f"- {_action_line(a)}" for a in done),
        "",
        _("Improvement actions still open: %(n)s.") % {"n": len(still_open)},
        *(f"- {_action_line(a)}" for a in still_open),
    ]
    effective = sum(1 for a in done if a.status == ActionStatus.EFFECTIVE)
    if done:
        lines += ["", _("Verified effective: %(n)s of %(total)s.") % {"n": effective, "total": len(done)}]
    return "\n".join(lines).strip()


def findings_section(org, year):
    audits = list(Audit.objects.for_org(org).filter(planned_start__year=year).order_by("planned_start", "pk"))
    if not audits:
        return _("No audit took place in %(year)s.") % {"year": year}
    findings = list(AuditFinding.objects.for_org(org).filter(audit__in=audits).current())
    actions = services.actions_of(findings)
    lines = []
    for audit in audits:
        own = [f for f in findings if f.audit_id == audit.pk]
        kinds = Counter(f.kind for f in own)
        counts = ", ".join(f"{FindingKind(k).label}: {n}" for k, n in sorted(kinds.items())) or _("no findings")
        lines.append(
            _("%(audit)s (%(kind)s, %(date)s, %(status)s): %(counts)s.")
            % {
                "audit": audit.title,
                "kind": audit.get_kind_display(),
                "date": _d(audit.planned_start),
                "status": audit.get_status_display().lower(),
                "counts": counts,
            }
        )
        linked = [a for f in own for a in actions.get(f.pk, [])]
        if linked:
            done = sum(1 for a in linked if a.status in DONE)
            lines.append(
                _("Actions from its findings: %(done)s of %(total)s done.") % {"done": done, "total": len(linked)}
            )
    return "\n".join(lines)


def _percent(readiness):
    return readiness.percent if readiness.percent is not None else None


def readiness_section(org, year):
    end = date(year, 12, 31)
    cycles = list(
        Assessment.objects.for_org(org)
        .filter(period_start__lte=end)
        .select_related("version__framework")
        .order_by("-period_end", "-pk")[:2]
    )
    if not cycles:
        return _("No self-assessment covers %(year)s.") % {"year": year}
    current = cycles[0].readiness()
    lines = [
        _("Self-assessment “%(title)s” (%(start)s – %(end)s): readiness %(percent)s.")
        % {
            "title": cycles[0].title,
            "start": _d(cycles[0].period_start),
            "end": _d(cycles[0].period_end),
            "percent": "—" if _percent(current) is None else f"{current.percent} %",
        }
    ]
    if len(cycles) == 2:
        previous = cycles[1].readiness()
        lines.append(
            _("Previous self-assessment “%(title)s”: readiness %(percent)s.")
            % {"title": cycles[1].title, "percent": "—" if _percent(previous) is None else f"{previous.percent} %"}
        )
        if current.percent is not None and previous.percent is not None:
            lines.append(_("Change: %(change)+d percentage points.") % {"change": current.percent - previous.percent})
        before = {p.code: p.percent for p in previous.principles}
        for p in current.principles:
            if p.percent is not None and before.get(p.code) is not None and p.percent != before[p.code]:
                lines.append(f"- {p.code}. {p.name}: {before[p.code]} % → {p.percent} %")
    return "\n".join(lines)


def next_steps(org, year):
    following = year + 1
    actions = list(
        ImprovementAction.objects.for_org(org)
        .open()
        .filter(due_date__year=following)
        .select_related("owner")
        .order_by("due_date", "number")
    )
    audits = list(Audit.objects.for_org(org).open().filter(planned_start__year=following).order_by("planned_start"))
    lines = [_("Improvement actions due in %(year)s: %(n)s.") % {"year": following, "n": len(actions)}]
    lines += [f"- {_action_line(a)}" for a in actions]
    if audits:
        lines += ["", _("Audits planned in %(year)s:") % {"year": following}]
        lines += [f"- {a.title} ({_d(a.planned_start)})" for a in audits]
    return "\n".join(lines).strip()


def collect(org, year):
    """Every section's prefilled text for `year`, in the active language: audits' own chapters first, then what
    the other apps contribute (kokybe.surfaces.progress_report: the documents reviewed, the surveys, …)."""
    own = {
        "introduction": introduction(org, year),
        "actions_text": actions_section(org, year),
        "findings_text": findings_section(org, year),
        "readiness_text": readiness_section(org, year),
        "documents_text": "",
        "surveys_text": "",
        "next_steps": next_steps(org, year),
    }
    for section, text in surfaces.progress_texts(org, year).items():
        own[section] = "\n\n".join(part for part in (own[section], text) if part)
    return own


# ── DOCX and PDF (shared by the progress report and the management review) ──────────────────────────────────────


def filename(org, title, ext):
    return f"{slugify(f'{org.short_name or org.name} {title}') or 'report'}.{ext}"


def sections_docx(*, heading, title, facts, sections, lang, signatures=(), signed_on=""):
    """`signatures`: the roles that sign (a line each for the signature and the name); `signed_on`: the date
    written above them, already formatted (kokybe.lib.dates)."""
    with translation.override(lang):
        doc = docx.document(title=title, lang=lang)
        doc.add_heading(heading, level=0)
        doc.add_paragraph(title)
        for label, value in facts:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(str(value))
        for label, text in sections:
            if not text:
                continue
            doc.add_heading(capfirst(str(label)), level=1)
            for line in text.splitlines():
                if line.startswith("- "):
                    doc.add_paragraph(line[2:], style="List Bullet")
                elif line.strip():
                    doc.add_paragraph(line)
        if signatures:
            _signature_block_docx(doc, signatures, signed_on)
        doc.add_paragraph(_("Generated %(when)s") % {"when": timezone.localtime().strftime("%Y-%m-%d %H:%M")})
        return docx.save(doc)


def _signature_block_docx(doc, signatures, signed_on):
    from docx.shared import Cm

    if signed_on:
        doc.add_paragraph(signed_on)
    table = doc.add_table(rows=0, cols=3)
    for role in signatures:
        cells = table.add_row().cells
        cells[0].text = str(role)
        cells[1].text = "_" * 22 + "\n" + _("(signature)")
        cells[2].text = "_" * 28 + "\n" + _("(name and surname)")
    for column, width in zip(table.columns, (Cm(6), Cm(5), Cm(6)), strict=True):
        for cell in column.cells:
            cell.width = width


def sections_pdf(*, heading, title, facts, sections, org, lang, signatures=(), signed_on=""):
    with translation.override(lang):
        html = render_to_string(
            "audits/sections_pdf.html",
            {
                "heading": heading,
                "title": title,
                "facts": facts,
                "sections": [(label, _blocks(text)) for label, text in sections if text],
                "org": org,
                "lang": lang,
                "generated": timezone.localtime(),
                "signatures": signatures,
                "signed_on": signed_on,
            },
        )
    return render_pdf(html)


def _blocks(text):
    """Text as ("p", line) and ("ul", [items]) blocks, so "- " lines print as a list."""
    blocks = []
    for line in text.splitlines():
        if line.startswith("- "):
            if not blocks or blocks[-1][0] != "ul":
                blocks.append(("ul", []))
            blocks[-1][1].append(line[2:])
        elif line.strip():
            blocks.append(("p", line))
    return blocks


def report_facts(report):
    return [
        (_("Organisation"), report.org.name),
        (_("Year"), report.year),
        (_("Status"), report.get_status_display()),
    ]
