"""The competence matrix as a workbook (one row a person, one column a course) and as a PDF for the auditor."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from kokybe.lib import xlsx
from kokybe.lib.pdf import render_pdf

from .models import Standing

# Fill colours of a cell's standing; the text says it too (colour is never the only signal).
FILLS = {
    Standing.CURRENT: "C6EFCE",
    Standing.EXPIRING: "FFEB9C",
    Standing.EXPIRED: "FFC7CE",
    Standing.MISSING: "E7E6E6",
}


def cell_text(cell):
    if cell is None:
        return ""
    if cell.until and cell.standing != Standing.MISSING:
        return f"{cell.label} ({cell.until:%Y-%m-%d})"
    return str(cell.label)


def matrix_xlsx(ctx):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Matrix")[:31]
    year = ctx["today"].year
    xlsx.header(
        ws,
        [
            _("Person"),
            _("Position"),
            _("Unit"),
            _("Hours in %(year)s") % {"year": year},
            *[c.name for c in ctx["columns"]],
        ],
    )
    for row in ctx["rows"]:
        m = row.membership
        values = [str(m.user), m.position, str(m.unit or ""), xlsx.number(row.hours, "0.0")]
        values += [cell_text(cell) for cell in row.line]
        xlsx.append(ws, values)
        excel_row = ws.max_row
        for offset, cell in enumerate(row.line, start=5):
            if cell is not None:
                ws.cell(row=excel_row, column=offset).fill = PatternFill("solid", fgColor=FILLS[cell.standing])
    xlsx.fit_widths(ws, most=40)
    summary = wb.create_sheet(_("Summary")[:31])
    xlsx.header(summary, [_("Standing"), _("Number")])
    for standing in Standing:
        xlsx.append(summary, [str(standing.label), ctx["totals"][standing.value]])
    xlsx.append(summary, [_("Required hours a year"), xlsx.number(ctx["settings"].yearly_hours, "0.0")])
    xlsx.append(summary, [_("Legal source"), ctx["settings"].legal_source])
    xlsx.fit_widths(summary, most=80)
    return xlsx.save(wb)


def matrix_pdf(ctx):
    return render_pdf(render_to_string("competence/matrix_pdf.html", ctx))
