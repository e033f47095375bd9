"""The results summary as a PDF (A4, the same SVG charts as the page), and the printable questionnaire: any
questionnaire version, standard or easy-read, as the paper that the paper-entry screen is typed in from.

Self-contained (inline CSS, system DejaVu fonts); the URL fetcher allows only data: URLs, so rendering never reaches
the network or the file system, whatever a title or an answer contains.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext

from kokybe.lib.pdf import render_pdf

from .analysis import load_questions
from .answering import EasyStepForm, ResponseForm, form_field
from .models import QuestionType


def summary_pdf(context):
    return render_pdf(render_to_string("surveys/summary_pdf.html", context))


# ── The printable questionnaire ─────────────────────────────────────────────────────────────────────────────────


@dataclass
class Printed:
    """One question as it is printed: the same number, words and answers as the paper-entry screen."""

    number: int
    text: str
    help: str
    required: bool
    condition: str  # "Answer this only if your answer to question 2 was: Yes."; "" when always asked
    kind: str  # "row" (a scale across the page), "list" (boxes one under the other), "lines" (write), "number"
    choices: list  # [(label, face)]: face "happy" / "neutral" / "sad" on the easy-read form, "" otherwise
    multiple: bool = False
    pictogram: str = ""


EASY_FACES = {
    QuestionType.LIKERT: {"1": "sad", "2": "neutral", "3": "happy"},
    QuestionType.YES_NO: {"0": "sad", "1": "happy"},
}


def _printed(question, number, numbers, *, easy):
    if easy:
        field = EasyStepForm(question=question).fields["answer"]
        faces = EASY_FACES.get(question.type, {})
    else:
        field = form_field(question)
        faces = {}
    choices = [(str(label), faces.get(str(value), "")) for value, label in getattr(field, "choices", [])]
    condition = ""
    if question.show_if_id and question.show_if.code in numbers:
        condition = gettext("Answer this only if your answer to question %(number)s was: %(answers)s.") % {
            "number": numbers[question.show_if.code],
            "answers": question.show_if_labels(),
        }
    if question.type == QuestionType.TEXT:
        kind = "lines"
    elif question.type == QuestionType.NUMBER:
        kind = "number"
    elif faces or question.type in (QuestionType.LIKERT, QuestionType.RECOMMEND):
        kind = "row"
    else:
        kind = "list"
    return Printed(
        number=number,
        text=question.easy_text if easy else question.text,
        help="" if easy else question.help,
        required=question.required and not easy,
        condition=condition,
        kind=kind,
        choices=choices,
        multiple=question.type == QuestionType.MULTIPLE,
        pictogram=question.pictogram if easy else "",
    )


def questionnaire_sections(version, *, easy):
    """[(section title, [Printed])] in form order; the easy-read form numbers its questions 1, 2, 3… as its screens
    do, the standard form keeps the questionnaire's numbers."""
    questions = load_questions([version.pk])
    if easy:
        questions = [q for q in questions if q.in_easy_read]
    numbers = {q.code: (i if easy else q.order) for i, q in enumerate(questions, start=1)}
    sections = []
    for question in questions:
        if not sections or sections[-1][0] != question.section.title:
            sections.append((question.section.title, []))
        sections[-1][1].append(_printed(question, numbers[question.code], numbers, easy=easy))
    return sections


def about_questions(campaign):
    """The campaign's "who answers" questions (service or unit, group), as the paper-entry screen asks them."""
    if campaign is None:
        return []
    form = ResponseForm(
        campaign=campaign,
        questions=[],
        services=list(campaign.services.select_related("unit")),
        units=list(campaign.units.all()),
        honeypot=False,
    )
    return [
        Printed(0, str(field.label), "", False, "", "list", [(str(label), "") for _v, label in field.field.choices])
        for field in form.about_fields()
    ]


def questionnaire_pdf(*, version, easy, org, campaign=None):
    """A questionnaire to print and fill in by hand: A4, boxes to tick, lines to write on; the easy-read form with its
    pictures and faces."""
    html = render_to_string(
        "surveys/questionnaire_pdf.html",
        {
            "org": org,
            "version": version,
            "campaign": campaign,
            "easy": easy,
            "intro": version.easy_intro if easy else version.intro,
            "sections": questionnaire_sections(version, easy=easy),
            "about": about_questions(campaign),
        },
    )
    return render_pdf(html)
