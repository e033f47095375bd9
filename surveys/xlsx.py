"""XLSX exports: the results summary, and the raw answers (one row per questionnaire).

The raw export of an anonymous survey carries no person, no invitation and no time: the date of each questionnaire
only, and rows of one day in an order that says nothing about when each arrived (a keyed hash, not the id).
"""

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kokybe.lib import xlsx as sheet

from .analysis import load_questions
from .models import Answer, Channel, QuestionType, Response

CHUNK = 2000


def _n(value, digits=2, number_format=sheet.DECIMAL):
    """A mean, deviation, interval bound or score: a number shown with its decimals."""
    return None if value is None else sheet.number(round(value, digits), number_format)


def _pct(value):
    return sheet.percent(value, 1)


def summary_workbook(results):
    workbook = Workbook()
    ws = workbook.active
    ws.title = _("Summary")[:31]
    campaign = results.campaign
    sheet.append(ws, [campaign.title])
    ws["A1"].font = Font(bold=True, size=14)
    sheet.append(ws, [_("Organisation"), campaign.org.name])
    sheet.append(ws, [_("Questionnaire"), f"{campaign.version.instrument.title} ({campaign.version.label})"])
    sheet.append(ws, [_("Period"), campaign.starts_on, campaign.ends_on])
    sheet.append(ws, [_("Responses"), results.responses])
    sheet.append(ws, [_("Response rate"), _pct(results.response_rate)])
    if results.withheld:
        sheet.append(ws, [results.withheld_message])
    ws.append([])
    header = [
        _("Code"), _("Section"), _("Question"), _("Type"), _("Answers"), _("Mean"), _("Standard deviation"),
        _("95% CI from"), _("95% CI to"), _("Top-2-box"), _("Recommendation score"), _("Yes"),
        _("Principles"), _("Indicators"), _("Weak result"),
    ]  # fmt: skip
    sheet.header(ws, header)
    ws.freeze_panes = f"A{ws.max_row + 1}"
    for r in results.results:
        q = r.question
        sheet.append(ws, [
            q.code, q.section.title, q.text, q.get_type_display(), r.n, _n(r.mean), _n(r.sd),
            _n(r.ci[0]) if r.ci else None, _n(r.ci[1]) if r.ci else None, _pct(r.top2),
            _n(r.nps, 1, "0.0"), _pct(r.yes_pct), ", ".join(q.principle_codes),
            ", ".join(q.indicator_codes), _("yes") if r.weak else "",
        ])  # fmt: skip
    sheet.widths(ws, [16, 24, 60, 14, 9, 9, 11, 10, 10, 10, 12, 9, 12, 14, 10])
    dist = workbook.create_sheet(_("Distributions")[:31])
    sheet.header(dist, [_("Code"), _("Question"), _("Answer"), _("Count"), _("Share")])
    dist.freeze_panes = "A2"
    for r in results.results:
        for b in r.buckets:
            sheet.append(dist, [r.question.code, r.question.text, b.label, b.count, _pct(b.pct)])
    sheet.widths(dist, [10, 60, 30, 9, 9])
    return sheet.save(workbook)


def _shuffle_key(pk):
    return hashlib.sha256(f"{settings.SECRET_KEY}:{pk}".encode()).hexdigest()


def _cell(question, values):
    if not values:
        return None
    if question.type == QuestionType.MULTIPLE:
        return "; ".join(sorted(v for v in values if v))
    value = values[0]
    if question.type in (QuestionType.SINGLE,):
        return value
    return value


def raw_workbook(campaign):
    questions = load_questions([campaign.version_id])
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_("Answers")[:31])
    head = [_("No."), _("Date"), _("Channel"), _("Service"), _("Unit"), _("Respondent group")]
    if not campaign.anonymous:
        head.append(_("Respondent"))
    sheet.widths(ws, [6, 11, 14, 24, 24, 18] + ([24] if not campaign.anonymous else []) + [16] * len(questions))
    ws.freeze_panes = "A3"
    sheet.header(ws, head + [q.code for q in questions])
    sheet.append(ws, [""] * len(head) + [q.text for q in questions])
    responses = list(
        Response.objects.filter(campaign=campaign).values_list(
            "pk", "submitted_on", "channel", "service__name", "unit__name", "group", "respondent"
        )
    )
    if campaign.anonymous:
        responses.sort(key=lambda r: (r[1], _shuffle_key(r[0])))
    channels = dict(Channel.choices)
    column = {q.pk: i for i, q in enumerate(questions)}
    number = 0
    for start in range(0, len(responses), CHUNK):
        chunk = responses[start : start + CHUNK]
        cells = {}
        rows = Answer.objects.filter(response_id__in=[r[0] for r in chunk]).values_list(
            "response_id", "question_id", "value", "choice", "text"
        )
        for response_id, question_id, value, choice, text in rows:
            stored = choice or text or (None if value is None else (int(value) if value.is_integer() else value))
            cells.setdefault(response_id, {}).setdefault(question_id, []).append(stored)
        for pk, day, channel, service, unit, group, respondent in chunk:
            number += 1
            row = [number, day, str(channels.get(channel, channel)), service or "", unit or "", group]
            if not campaign.anonymous:
                row.append(respondent)
            answers = cells.get(pk, {})
            values = [None] * len(questions)
            for question_id, stored in answers.items():
                if question_id in column:
                    values[column[question_id]] = _cell(questions[column[question_id]], stored)
            sheet.append(ws, row + values)
    return sheet.save(workbook)
