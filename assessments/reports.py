"""The self-assessment report (DOCX with python-docx, PDF with WeasyPrint) and the ratings workbook (openpyxl), in
Lithuanian or English. All three read one ReportData, built in a fixed number of queries."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frameworks.tree import by_principle
from kokybe.lib import docx
from kokybe.lib.pdf import render_pdf

from . import pages
from .chart import radar_png

LANGUAGES = ("lt", "en")


@dataclass
class ReportData:
    org: object
    assessment: object
    services: list
    readiness: object
    verdict: object
    chart: object
    groups: list
    generated: object


def report_data(assessment):
    """Call inside translation.override(): labels and framework texts come out in the active language."""
    answers = pages.decorate(list(pages.answers_of(assessment)), assessment)
    actions = pages.open_actions(answers)
    for a in answers:
        a.open_actions = actions.get(a.indicator_id, [])
    readiness = assessment.readiness()
    return ReportData(
        org=assessment.org,
        assessment=assessment,
        services=list(assessment.services.all()),
        readiness=readiness,
        verdict=verdict(readiness),
        chart=pages.readiness_chart(readiness),
        groups=by_principle(answers),
        generated=timezone.localtime(),
    )


@dataclass
class Verdict:
    passes: bool
    headline: str
    details: list


def verdict(readiness):
    """The pass/fail sentence and the reasons behind it, worded once for the pages and the reports."""
    if readiness.passes:
        headline = _("Meets the pass rule of this framework version.")
    else:
        headline = _("Does not meet the pass rule yet.")
    details = []
    if readiness.value is None:
        details.append(_("No applicable indicator is rated yet."))
    elif readiness.method == "points":
        points = f"{readiness.value:.1f}"
        if readiness.threshold is None:
            details.append(_("Overall score: %(points)s points.") % {"points": points})
        else:
            details.append(
                _("Overall score: %(points)s points (pass threshold %(threshold)s).")
                % {"points": points, "threshold": f"{readiness.threshold:g}"}
            )
    elif readiness.threshold is None:
        details.append(_("Overall readiness: %(percent)s%%.") % {"percent": readiness.percent})
    else:
        details.append(
            _("Overall readiness: %(percent)s%% (pass threshold %(threshold)s%%).")
            % {"percent": readiness.percent, "threshold": readiness.threshold_percent}
        )
    if readiness.value is not None and readiness.counts.unrated:
        # A share of the rated indicators alone would read as the whole cycle's readiness.
        n = readiness.counts.rated
        details.append(
            ngettext("Counted over the %(n)s rated indicator only.", "Counted over the %(n)s rated indicators only.", n)
            % {"n": n}
        )
    if readiness.mandatory_rule and readiness.mandatory_open:
        n = readiness.mandatory_open
        details.append(
            ngettext("%(n)s mandatory indicator is not met yet.", "%(n)s mandatory indicators are not met yet.", n)
            % {"n": n}
        )
    if readiness.counts.unrated:
        n = readiness.counts.unrated
        details.append(
            ngettext("%(n)s indicator is not rated yet.", "%(n)s indicators are not rated yet.", n) % {"n": n}
        )
    return Verdict(readiness.passes, headline, details)


def filename(assessment, lang, ext):
    base = slugify(f"{assessment.org.short_name or assessment.org.name} {assessment.title}") or "self-assessment"
    return f"{base}-{lang}.{ext}"


def _date(value):
    return value.strftime("%Y-%m-%d") if value else "—"


def facts(data):
    """(label, value) rows of the report's first table."""
    a = data.assessment
    return [
        (_("Organisation"), data.org.name),
        (_("Framework"), str(a.version)),
        (_("Services in scope"), "; ".join(s.name for s in data.services) or "—"),
        (_("Period"), f"{_date(a.period_start)} – {_date(a.period_end)}"),
        (_("Coordinator"), str(a.coordinator) if a.coordinator_id else "—"),
        (_("Status"), a.get_status_display()),
        (_("Generated"), data.generated.strftime("%Y-%m-%d %H:%M")),
    ]


def count_headers():
    return [_("Met"), _("Partly met"), _("Not met"), _("Not applicable"), _("Not rated")]


def action_line(action):
    return _("#%(number)s %(title)s — %(status)s, owner: %(owner)s, due: %(due)s") % {
        "number": action.number,
        "title": action.title,
        "status": action.get_status_display(),
        "owner": action.owner or "—",
        "due": _date(action.due_date),
    }


def chart_description(readiness):
    """The radar chart in words, for the picture's alt text."""
    parts = [f"{p.code}. {p.name}: {'—' if p.percent is None else f'{p.percent} %'}" for p in readiness.principles]
    return _("Radar chart of readiness by principle: %(values)s.") % {"values": "; ".join(parts)}


def principle_rows(readiness, numbers=False):
    """Per principle: name, readiness, counts. numbers=True gives the readiness as a percentage for a workbook."""
    from kokybe.lib.xlsx import percent

    rows = []
    for p in readiness.principles:
        c = p.counts
        text = "—" if p.percent is None else f"{p.percent} %"
        share = percent(p.percent, 0) if numbers else text
        rows.append([f"{p.code}. {p.name}", share, c.met, c.partly, c.not_met, c.na, c.unrated])
    return rows


# ── DOCX ──────────────────────────────────────────────────────────────────────────────────────────────────────────


class Writer:
    """python-docx finds a style by name with an XPath search over all styles for every styled paragraph (most of
    the report's time with 120 indicators); here each style's id is looked up once and set directly."""

    def __init__(self, doc):
        self.doc = doc
        self.ids = {}

    def paragraph(self, text="", style=None):
        paragraph = self.doc.add_paragraph(text)
        if style:
            if style not in self.ids:
                self.ids[style] = self.doc.styles[style].style_id
            paragraph._p.style = self.ids[style]
        return paragraph

    def heading(self, text, level):
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")


def _labelled(doc, label, text):
    paragraph = doc.paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)
    return paragraph


def _answer_docx(doc, a):
    title = f"{a.indicator.code}. {a.indicator.title}"
    doc.heading(title, level=3)
    if a.indicator.mandatory:
        doc.paragraph(_("Mandatory indicator"), style="Intense Quote")
    _labelled(doc, _("Rating"), a.rating_label or _("Not rated"))
    if a.reason:
        _labelled(doc, _("Reason"), a.reason)
    _labelled(doc, _("How we meet it"), a.narrative or "—")
    if a.responsible_id or a.target_date:
        _labelled(doc, _("Responsible person"), a.responsible_name or "—")
        _labelled(doc, _("Target date"), _date(a.target_date))
    doc.paragraph().add_run(_("Evidence")).bold = True
    if not a.evidence_list:
        doc.paragraph(_("No evidence linked."))
    for item in a.evidence_list:
        line = f"{item.title} ({item.get_kind_display()}"
        line += f", {_date(item.dated)}" if item.dated else ""
        line += ")"
        if item.detail() and item.detail() != item.title:
            line += f" — {item.detail()}"
        if item.expired:
            line += " — " + _("expired %(date)s") % {"date": _date(item.valid_until)}
        doc.paragraph(line, style="List Bullet")
    if a.open_actions:
        doc.paragraph().add_run(_("Open improvement actions")).bold = True
        for action in a.open_actions:
            doc.paragraph(action_line(action), style="List Bullet")


def report_docx(assessment, lang):
    from docx.shared import Pt

    with translation.override(lang):
        data = report_data(assessment)
        doc = docx.document(title=f"{_('Self-assessment report')}: {assessment.title}", lang=lang)
        doc.add_heading(_("Self-assessment report"), level=0)
        doc.add_paragraph(assessment.title)
        docx.table(doc, [_("Item"), _("Value")], facts(data))
        doc.add_heading(_("Readiness"), level=1)
        doc.add_paragraph().add_run(data.verdict.headline).bold = True
        for line in data.verdict.details:
            doc.add_paragraph(line)
        docx.table(doc, [_("Principle"), _("Readiness"), *count_headers()], principle_rows(data.readiness))
        if data.chart is not None:
            doc.add_paragraph()
            # At the chart's own size (1 unit = 0.75 pt, as in the PDF), so its labels match the text around them.
            docx.picture(
                doc,
                radar_png(data.chart),
                width=Pt(min(data.chart.width * 0.75, 450)),
                alt=chart_description(data.readiness),
            )
            doc.add_paragraph(_("Readiness by principle (radar chart; the figures are in the table above)."))
        writer = Writer(doc)
        for group in data.groups:
            writer.heading(f"{group.principle.code}. {group.principle.name}", level=1)
            for criterion, answers in group.criteria:
                writer.heading(f"{criterion.code}. {criterion.title}", level=2)
                for a in answers:
                    _answer_docx(writer, a)
        return docx.save(doc)


# ── PDF ───────────────────────────────────────────────────────────────────────────────────────────────────────────


def report_html(assessment, lang):
    with translation.override(lang):
        data = report_data(assessment)
        return render_to_string(
            "assessments/report_pdf.html",
            {
                "data": data,
                "facts": facts(data),
                "count_headers": count_headers(),
                "principle_rows": principle_rows(data.readiness),
                "chart": data.chart,
                "lang": lang,
            },
        )


def report_pdf(assessment, lang):
    return render_pdf(report_html(assessment, lang))


# ── XLSX ──────────────────────────────────────────────────────────────────────────────────────────────────────────


def ratings_xlsx(assessment, lang):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from kokybe.lib import xlsx as sheet

    with translation.override(lang):
        data = report_data(assessment)
        book = Workbook()
        ws = book.active
        ws.title = _("Ratings of indicators")[:31]
        sheet.header(
            ws,
            [
                _("Principle"),
                _("Criterion"),
                _("Code"),
                _("Indicator"),
                _("Mandatory"),
                _("Rating"),
                _("Reason"),
                _("How we meet it"),
                _("Responsible person"),
                _("Target date"),
                _("Evidence"),
                _("Last saved"),
                _("Saved by"),
            ],
        )
        for group in data.groups:
            for criterion, answers in group.criteria:
                for a in answers:
                    sheet.append(
                        ws,
                        [
                            f"{group.principle.code}. {group.principle.name}",
                            f"{criterion.code}. {criterion.title}",
                            a.indicator.code,
                            a.indicator.title,
                            _("Yes") if a.indicator.mandatory else _("No"),
                            a.rating_label,
                            a.reason,
                            a.narrative,
                            a.responsible_name,
                            a.target_date,
                            "; ".join(item.title for item in a.evidence_list),
                            timezone.localtime(a.updated_at) if a.updated_at else None,
                            a.updated_by_name,
                        ],
                    )
        ws.freeze_panes = "A2"
        sheet.widths(ws, (24, 28, 9, 60, 10, 16, 30, 60, 22, 12, 40, 17, 22))
        for row in ws.iter_rows(min_row=2, min_col=4, max_col=8):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        summary = book.create_sheet(_("Readiness")[:31])
        sheet.header(summary, [_("Principle"), _("Readiness"), *count_headers()])
        for row in principle_rows(data.readiness, numbers=True):
            sheet.append(summary, row)
        summary.append([])
        sheet.append(summary, [data.verdict.headline])
        for line in data.verdict.details:
            sheet.append(summary, [line])
        sheet.widths(summary, [40, 12, 10, 12, 10, 14, 12])
    return sheet.save(book)
