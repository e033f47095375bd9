"""XLSX exports: the results summary, and the raw answers (one row per questionnaire).

The raw export of an anonymous survey carries no person, no invitation and no time: the date of each questionnaire
only, and rows of one day in an order that says nothing about when each arrived (a keyed hash, not the id).
"""

import hashlib
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .analysis import load_questions
from .models import Answer, Channel, QuestionType, Response

CHUNK = 2000


def _save(workbook):
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _r(value, digits=2):
    return None if value is None else round(value, digits)


def summary_workbook(results):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    campaign = results.campaign
    sheet.append([campaign.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Organisation"), campaign.org.name])
    sheet.append([_("Questionnaire"), f"{campaign.version.instrument.title} ({campaign.version.label})"])
    sheet.append([_("Period"), campaign.starts_on, campaign.ends_on])
    sheet.append([_("Responses"), results.responses])
    sheet.append([_("Response rate (%)"), _r(results.response_rate, 1)])
    if results.withheld:
        sheet.append([results.withheld_message])
    sheet.append([])
    header = [
        _("Code"), _("Section"), _("Question"), _("Type"), _("Answers"), _("Mean"), _("Standard deviation"),
        _("95% CI from"), _("95% CI to"), _("Top-2-box (%)"), _("Recommendation score"), _("Yes (%)"),
        _("Principles"), _("Indicators"), _("Weak result"),
    ]  # fmt: skip
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for r in results.results:
        q = r.question
        sheet.append([
            q.code, q.section.title, q.text, q.get_type_display(), r.n, _r(r.mean), _r(r.sd),
            _r(r.ci[0]) if r.ci else None, _r(r.ci[1]) if r.ci else None, _r(r.top2, 1), _r(r.nps, 1),
            _r(r.yes_pct, 1), ", ".join(q.principle_codes), ", ".join(q.indicator_codes),
            _("yes") if r.weak else "",
        ])  # fmt: skip
    dist = workbook.create_sheet(_("Distributions")[:31])
    dist.append([_("Code"), _("Question"), _("Answer"), _("Count"), _("Share (%)")])
    for cell in dist[1]:
        cell.font = Font(bold=True)
    for r in results.results:
        for b in r.buckets:
            dist.append([r.question.code, r.question.text, b.label, b.count, _r(b.pct, 1)])
    return _save(workbook)


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
    sheet = workbook.create_sheet(_("Answers")[:31])
    head = [_("No."), _("Date"), _("Channel"), _("Service"), _("Unit"), _("Respondent group")]
    if not campaign.anonymous:
        head.append(_("Respondent"))
    sheet.append(head + [q.code for q in questions])
    sheet.append([""] * len(head) + [q.text for q in questions])
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
            sheet.append(row + values)
    return _save(workbook)
