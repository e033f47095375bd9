"""The results sheet as a PDF (the page's charts and tables, for an auditor's file) and as a workbook."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kokybe.lib import xlsx as sheet
from kokybe.lib.pdf import render_pdf

from . import periods


def sheet_pdf(org, groups, today):
    html = render_to_string("results/sheet_pdf.html", {"org": org, "groups": groups, "today": today})
    return render_pdf(html)


def _status_word(status):
    return {"green": _("on target"), "amber": _("near target"), "red": _("off target")}.get(status, "")


def sheet_xlsx(org, groups):
    """Two sheets: a row per indicator and year (the sheet's summary), and a row per indicator and period."""
    wb = Workbook()
    years = wb.active
    years.title = _("By year")
    sheet.header(
        years,
        [_("Principle"), _("Indicator"), _("Unit"), _("Year"), _("Value"), _("Target"), _("Variance"), _("Status")],
    )
    detail = wb.create_sheet(_("By period"))
    sheet.header(
        detail,
        [_("Principle"), _("Indicator"), _("Period"), _("Value"), _("Target"), _("Status"), _("Origin"), _("Records")],
    )
    for code, name, rows in groups:
        for series, summaries, _chart in rows:
            unit = series.definition.get_unit_display()
            for y in summaries:
                sheet.append(
                    years,
                    [
                        f"{code}. {name}",
                        str(series.indicator),
                        unit,
                        y.year,
                        y.value,
                        y.target,
                        y.variance,
                        _status_word(y.status),
                    ],
                )
            for p in series.points:
                sheet.append(
                    detail,
                    [
                        f"{code}. {name}",
                        str(series.indicator),
                        periods.label(p.key),
                        p.value,
                        p.target,
                        _status_word(p.status),
                        p.row.get_origin_display() if p.row else "",
                        p.row.records if p.row else None,
                    ],
                )
    sheet.fit_widths(years)
    sheet.fit_widths(detail)
    return sheet.save(wb)
