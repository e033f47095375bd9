"""The programme's workbooks and the funder's report (XLSX and PDF per period), written through kokybe.lib.xlsx."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kokybe.lib import xlsx

from . import pages
from .models import Milestone, ProgrammeParticipation


def board_xlsx(programme, steps, rows, today):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Programme milestones")[:31]
    xlsx.header(
        ws,
        [
            _("Organisation"),
            _("Company code"),
            _("Municipality"),
            _("Wave"),
            _("Status"),
            _("Consultant"),
            _("Late milestones"),
            *[step.name for step in steps],
        ],
    )
    for row in rows:
        p = row.participation
        cells = []
        for _step, milestone, light in row.cells:
            if milestone is None:
                cells.append("")
            elif milestone.done_on:
                cells.append(milestone.done_on)
            else:
                cells.append(f"{Milestone.Light(light).label}: {milestone.planned_on or '—'}")
        xlsx.append(
            ws,
            [
                p.org.name,
                p.org.company_code,
                p.org.municipality,
                p.wave.name if p.wave else "",
                p.get_status_display(),
                p.consultant.get_full_name() if p.consultant else "",
                row.late,
                *cells,
            ],
        )
    xlsx.fit_widths(ws)
    return xlsx.save(wb)


@dataclass
class ReportData:
    programme: object
    first: object
    last: object
    today: object
    statuses: list  # [(label, n)]
    waves: list  # [(name, n)]
    milestones: list  # [(step name, reached in the period, reached in all, late now)]
    indicators: list  # [(indicator, Progress, breakdown)]


def report_data(programme, first, last, today, *, indicators=True):
    """What the funder's report says, in a fixed number of queries: participation by status and wave, milestones
    reached in the period, indicators against targets with their disaggregation."""
    participations = programme.participations.all()
    statuses = dict(participations.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    status_rows = [(label, statuses.get(value, 0)) for value, label in ProgrammeParticipation.Status.choices]
    waves = list(programme.waves.annotate(n=Count("participations")).values_list("name", "n").order_by("order", "pk"))
    milestone_rows = []
    if programme.milestone_template_id:
        steps = programme.milestone_template.steps.order_by("order", "pk").annotate(
            in_period=Count(
                "milestones",
                filter=Q(milestones__participation__programme=programme, milestones__done_on__range=(first, last)),
            ),
            reached=Count(
                "milestones",
                filter=Q(milestones__participation__programme=programme, milestones__done_on__isnull=False),
            ),
            late=Count(
                "milestones",
                filter=Q(
                    milestones__participation__programme=programme,
                    milestones__done_on__isnull=True,
                    milestones__planned_on__lt=today,
                ),
            ),
        )
        milestone_rows = [(s.name, s.in_period, s.reached, s.late) for s in steps]
    with_indicators, indicators = indicators, []
    if with_indicators and programme.shares_indicators:
        for indicator in programme.indicators.all():
            indicators.append((indicator, pages.progress(indicator, min(today, last)), pages.breakdown(indicator)))
    return ReportData(programme, first, last, today, status_rows, waves, milestone_rows, indicators)


def report_xlsx(data):
    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:31]
    p = data.programme
    for label, value in [
        (_("Programme"), f"{p.code} {p.title}"),
        (_("Funder"), p.funder),
        (_("Executor"), p.coordinating_org.name),
        (_("Programme period"), f"{p.start} – {p.end or '…'}"),
        (_("Budget (EUR)"), xlsx.number(p.funding_amount)),
        (_("Reporting period"), f"{data.first} – {data.last}"),
        (_("Prepared on"), data.today),
    ]:
        xlsx.append(ws, [label, value])
    xlsx.append(ws, [])
    xlsx.append(ws, [_("Participation by status")])
    for label, n in data.statuses:
        xlsx.append(ws, [str(label), n])
    if data.waves:
        xlsx.append(ws, [])
        xlsx.append(ws, [_("Participants by wave")])
        for name, n in data.waves:
            xlsx.append(ws, [name, n])
    xlsx.fit_widths(ws)

    ws = wb.create_sheet(_("Programme milestones")[:31])
    xlsx.header(ws, [_("Programme milestone"), _("Reached in the period"), _("Reached in all"), _("Late now")])
    for row in data.milestones:
        xlsx.append(ws, row)
    xlsx.fit_widths(ws)

    ws = wb.create_sheet(_("Indicators")[:31])
    xlsx.header(
        ws,
        [_("Indicator"), _("Unit of measure"), _("Baseline"), _("Target"), _("Deadline"), _("Achieved"), _("Forecast")],
    )
    for indicator, progress, _breakdown in data.indicators:
        xlsx.append(
            ws,
            [
                indicator.name,
                indicator.unit,
                xlsx.number(indicator.baseline),
                xlsx.number(indicator.target),
                indicator.deadline,
                xlsx.number(progress.current),
                xlsx.number(progress.forecast),
            ],
        )
    xlsx.fit_widths(ws)

    ws = wb.create_sheet(_("Disaggregation")[:31])
    xlsx.header(ws, [_("Indicator"), _("Dimension"), _("Group"), _("Value")])
    for indicator, _progress, breakdown in data.indicators:
        for dimension, rows in breakdown.items():
            for group, value in rows:
                shown = xlsx.number(value) if value is not None else _("fewer than 5 providers")
                xlsx.append(ws, [indicator.name, str(dimension), str(group), shown])
    xlsx.fit_widths(ws)
    return xlsx.save(wb)
