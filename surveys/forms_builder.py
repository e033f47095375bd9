"""Forms of the questionnaire builder. Their fields are named like the keys of the YAML document, so a problem the
import's checks find (library.Problem: field, question, section) is shown at the field it is about."""

import re

from django import forms
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from .builder import SCALES, questions, scale_points, tr
from .library import answer_values
from .models import Audience, Instrument, InstrumentVersion, Pictogram, Question, QuestionType, Section

MIN_ROWS, MAX_ROWS = 7, 30
LONG = forms.Textarea(attrs={"rows": 3})
SHORT = forms.Textarea(attrs={"rows": 2})
CONDITION_TYPES = (
    QuestionType.LIKERT,
    QuestionType.YES_NO,
    QuestionType.RECOMMEND,
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
)


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _text(model, name, *, required=False, widget=None, **kwargs):
    field = model._meta.get_field(name)
    return forms.CharField(
        label=capfirst(field.verbose_name),
        required=required,
        max_length=field.max_length,
        widget=widget,
        **kwargs,
    )


class ProblemsMixin:
    """Shows the import checks' problems: at a field of this form when they are about this form's item, else at
    the top with the place they are about."""

    def mine(self, problem):
        return True

    def add_problems(self, problems):
        for problem in problems:
            if self.mine(problem) and problem.field in self.fields:
                self.add_error(problem.field, problem.message)
            elif self.mine(problem):
                self.add_error(None, problem.message)
            else:
                self.add_error(None, str(problem))


class DetailsForm(ProblemsMixin, forms.Form):
    """A questionnaire's details and its version's label and introductions (the code only when it is created)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_(
            "Lowercase letters, digits and hyphens, e.g. “family-satisfaction”. It names the questionnaire in YAML "
            "files and cannot be changed later."
        ),
    )
    title_lt = _text(Instrument, "title_lt", required=True)
    title_en = _text(Instrument, "title_en", required=True)
    description_lt = _text(Instrument, "description_lt", widget=LONG)
    description_en = _text(Instrument, "description_en", widget=LONG)
    audience = forms.ChoiceField(label=_label(Instrument, "audience"), choices=Audience.choices)
    easy_read_available = forms.BooleanField(
        label=_label(Instrument, "easy_read_available"),
        required=False,
        help_text=_("Service users can choose a form with one question per screen, pictures and three faces."),
    )
    label = _text(
        InstrumentVersion,
        "label",
        required=True,
        help_text=_("E.g. 2026-1. A version used by a survey never changes: a changed questionnaire is a new version."),
    )
    intro_lt = _text(InstrumentVersion, "intro_lt", widget=LONG)
    intro_en = _text(InstrumentVersion, "intro_en", widget=LONG)
    easy_intro_lt = _text(InstrumentVersion, "easy_intro_lt", widget=SHORT)
    easy_intro_en = _text(InstrumentVersion, "easy_intro_en", widget=SHORT)

    def __init__(self, *args, create=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not create:
            del self.fields["code"]
            self.fields["easy_read_available"].help_text = _(
                "The questionnaire's details are shared by all its versions. The easy-read form needs at least one "
                "question with easy-read text before the draft can be activated."
            )

    def mine(self, problem):
        return problem.where in ("instrument", "version")


class LabelForm(ProblemsMixin, forms.Form):
    label = _text(InstrumentVersion, "label", required=True)

    def mine(self, problem):
        return problem.where == "version"


class SectionForm(ProblemsMixin, forms.Form):
    title_lt = _text(Section, "title_lt", required=True)
    title_en = _text(Section, "title_en", required=True)

    def __init__(self, *args, position=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position

    def mine(self, problem):
        return problem.section == self.position and not problem.question


def _codes(text):
    return [code for code in re.split(r"[\s,;]+", text) if code]


class QuestionForm(ProblemsMixin, forms.Form):
    """One question with all it can have. Without JavaScript every part shows; each says which types it is for.

    Rating points and choice options share one table of answer rows (code, Lithuanian, English): a rating scale
    uses the labels, lowest first, and ignores the codes; a choice question uses all three."""

    section = forms.TypedChoiceField(label=_("Section"), coerce=int)
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("Short and unique in this questionnaire, e.g. “staff-kind”. Results and conditions refer to it."),
    )
    type = forms.ChoiceField(label=_label(Question, "type"), choices=QuestionType.choices)
    required = forms.BooleanField(
        label=_("An answer is required"),
        required=False,
        help_text=_("The easy-read form never insists: a person may always go on without answering."),
    )
    text_lt = _text(Question, "text_lt", required=True, widget=SHORT)
    text_en = _text(Question, "text_en", required=True, widget=SHORT)
    help_lt = _text(Question, "help_lt", widget=SHORT)
    help_en = _text(Question, "help_en", widget=SHORT)
    scale = forms.ChoiceField(
        label=_("Standard rating scale"),
        required=False,
        help_text=_(
            "For a rating question: a standard scale, or your own 3, 5 or 7 labels in the answer rows below, lowest "
            "first. Labels written in the rows are used instead of the standard scale."
        ),
    )
    min = forms.FloatField(label=_label(Question, "min_value"), required=False)
    max = forms.FloatField(label=_label(Question, "max_value"), required=False)
    show_if = forms.MultipleChoiceField(
        label=_("Show this question only after one of these answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick answers of one earlier question; leave all unticked to show the question always."),
    )
    easy_text_lt = _text(Question, "easy_text_lt", widget=SHORT)
    easy_text_en = _text(Question, "easy_text_en", widget=SHORT)
    pictogram = forms.ChoiceField(
        label=_label(Question, "pictogram"),
        required=False,
        choices=[("", _("No picture"))] + Pictogram.choices,
    )
    principles = forms.CharField(
        label=_("Framework principles"),
        required=False,
        max_length=200,
        help_text=_("Principle codes, separated by commas, e.g. 6, 3."),
    )
    indicators = forms.CharField(
        label=_("Framework indicators"),
        required=False,
        max_length=400,
        help_text=_("Indicator codes, separated by commas, e.g. 6.3.1, 4.1.1."),
    )

    def __init__(self, *args, doc, code=None, section=1, **kwargs):
        """`code`: the question edited (None for a new one, added at the end of section number `section`)."""
        self.doc, self.code = doc, code
        current = self._current()
        kwargs.setdefault("initial", self._initial(current, section))
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(n, f"{n}. {tr(s, 'title')}") for n, s in enumerate(doc["sections"], start=1)]
        self.fields["scale"].choices = [("", _("None: my own labels below"))] + [
            (name, label) for name, (label, _points) in SCALES.items()
        ]
        self.fields["show_if"].choices = [
            (f"{q['code']}:{value}", label) for q in self.earlier(section) for value, label in self.answers_of(q)
        ]
        rows = self.data.get("rows") if self.is_bound else self.initial["rows"]
        self.row_count = min(max(int(rows) if str(rows).isdigit() else MIN_ROWS, MIN_ROWS), MAX_ROWS)
        for n in range(1, self.row_count + 1):
            for part, label, size in (
                ("code", _("Answer %(n)s: code"), 64),
                ("lt", _("Answer %(n)s: Lithuanian"), 255),
                ("en", _("Answer %(n)s: English"), 255),
            ):
                self.fields[f"answer_{n}_{part}"] = forms.CharField(
                    label=label % {"n": n},
                    required=False,
                    max_length=size,
                    widget=forms.TextInput(attrs={"aria-label": label % {"n": n}}),
                )

    def _current(self):
        if self.code is None:
            return None
        return next(q for q in questions(self.doc) if q["code"] == self.code)

    def _initial(self, q, section):
        if q is None:
            return {"section": section, "type": QuestionType.LIKERT, "scale": "agree5", "rows": MIN_ROWS}
        rows = q["points"] if q["type"] == QuestionType.LIKERT else q["options"]
        initial = {
            **{key: q[key] for key in ("code", "type", "required", "text_lt", "text_en", "help_lt", "help_en")},
            **{key: q[key] for key in ("min", "max", "easy_text_lt", "easy_text_en", "pictogram")},
            "section": section,
            "scale": "",
            "principles": ", ".join(q["principles"]),
            "indicators": ", ".join(q["indicators"]),
            "show_if": [f"{q['show_if']['question']}:{a}" for a in q["show_if"]["answers"]] if q["show_if"] else [],
            "rows": min(max(len(rows) + 3, MIN_ROWS), MAX_ROWS),
        }
        for n, row in enumerate(rows, start=1):
            initial.update({f"answer_{n}_code": row.get("code", ""), f"answer_{n}_lt": row["label_lt"]})
            initial[f"answer_{n}_en"] = row["label_en"]
        return initial

    def earlier(self, section):
        """The questions this one may depend on: those before it (a new one: up to the end of its section)."""
        out = []
        for n, s in enumerate(self.doc["sections"], start=1):
            for q in s["questions"]:
                if q["code"] == self.code or (self.code is None and n > section):
                    return out
                if q["type"] in CONDITION_TYPES:
                    out.append(q)
        return out

    @staticmethod
    def answers_of(q):
        if q["type"] == QuestionType.LIKERT:
            return [(v, f"{v} – {tr(p, 'label')}") for v, p in zip(answer_values(q), q["points"], strict=True)]
        if q["type"] == QuestionType.YES_NO:
            return [("1", _("Yes")), ("0", _("No"))]
        if q["type"] in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            return [(o["code"], tr(o, "label")) for o in q["options"]]
        return [(v, v) for v in answer_values(q)]

    def show_if_groups(self):
        """[(number. question, [checkboxes])] for the template: the answers of each earlier question together."""
        numbers = {q["code"]: n for n, q in enumerate(questions(self.doc), start=1)}
        texts = {q["code"]: tr(q, "text") for q in questions(self.doc)}
        groups = {}
        for widget in self["show_if"]:
            code = widget.data["value"].split(":", 1)[0]
            groups.setdefault(code, []).append(widget)
        chosen = set(self["show_if"].value() or [])
        return [
            (f"{numbers[code]}. {texts[code]}", widgets, any(w.data["value"] in chosen for w in widgets))
            for code, widgets in groups.items()
        ]

    def answer_rows(self):
        return [[self[f"answer_{n}_{part}"] for part in ("code", "lt", "en")] for n in range(1, self.row_count + 1)]

    def clean_show_if(self):
        pairs = [value.split(":", 1) for value in self.cleaned_data["show_if"]]
        if len({code for code, _value in pairs}) > 1:
            raise forms.ValidationError(_("Tick answers of one question only."))
        return {"question": pairs[0][0], "answers": [value for _code, value in pairs]} if pairs else None

    def question(self):
        """The question as the YAML document has it, from the cleaned form."""
        data = self.cleaned_data
        kind = data["type"]
        rows = []
        for n in range(1, self.row_count + 1):
            code, lt, en = (data.get(f"answer_{n}_{part}", "").strip() for part in ("code", "lt", "en"))
            if code or lt or en:
                rows.append({"code": code or slugify(en or lt)[:64], "label_lt": lt, "label_en": en})
        if kind == QuestionType.LIKERT and not rows and data["scale"]:
            points = scale_points(data["scale"])
        else:
            points = [{"label_lt": r["label_lt"], "label_en": r["label_en"]} for r in rows]
        return {
            **{key: data[key] for key in ("code", "type", "required", "text_lt", "text_en", "help_lt", "help_en")},
            **{key: data[key] for key in ("easy_text_lt", "easy_text_en", "pictogram", "show_if")},
            "points": points if kind == QuestionType.LIKERT else [],
            "options": rows if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE) else [],
            "min": data["min"] if kind == QuestionType.NUMBER else None,
            "max": data["max"] if kind == QuestionType.NUMBER else None,
            "principles": _codes(data["principles"]),
            "indicators": _codes(data["indicators"]),
        }

    def mine(self, problem):
        return bool(problem.question) and problem.question == self.cleaned_data.get("code")
