"""Filling in a questionnaire: the form, conditional questions, saved drafts and the easy-read mapping.

Values travel as the form posts them ("raw values"): a rating point "1".."7", yes/no "1"/"0", a recommendation
"0".."10", a choice code, a list of codes for multiple choice, a number or a text. A draft is a dict of those.

Easy-read answers are stored on the *same questions* as the standard form, mapped onto the question's own scale so
the two forms' results are comparable (docs/surveys.md, "Easy-read"): the three faces of a rating question become
the scale's lowest point, its middle point and its highest point (1 / 3 / 5 on a 5-point scale, 1 / 4 / 7 on a
7-point one, 1 / 2 / 3 on a 3-point one). Yes/no and single-choice questions keep their values; free text is text.
So a happy face counts in the top-2-box, a sad one in the bottom, and a neutral one in neither.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_CHARS, Audience, QuestionType

HONEYPOT = "website"
PREFIX = "q-"
FACES = ("1", "2", "3")  # sad, neutral, happy
REQUIRED_MESSAGE = _("Please answer this question.")


def field_name(question):
    return f"{PREFIX}{question.code}"


def _is_shown(question, values, shown):
    if question.show_if_id is None:
        return True
    parent = question.show_if
    if parent.code not in shown:
        return False
    given = values.get(parent.code)
    given = given if isinstance(given, list) else [given]
    return any(str(v) in question.show_if_values for v in given if v not in (None, ""))


def visible_questions(questions, values):
    """The questions a respondent sees, given their answers so far (`values`: code → raw value).

    A question depending on a hidden question is hidden too; `questions` must be in form order."""
    shown = {}
    for question in questions:
        if _is_shown(question, values, shown):
            shown[question.code] = question
    return list(shown.values())


def _radio(choices):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)


def form_field(question):
    kind = question.type
    if kind == QuestionType.LIKERT:
        labels = question.point_labels()
        field = _radio([(str(i), labels[i - 1] if i <= len(labels) else str(i)) for i in question.scale_values()])
    elif kind == QuestionType.YES_NO:
        field = _radio([("1", _("Yes")), ("0", _("No"))])
    elif kind == QuestionType.RECOMMEND:
        field = _radio([(str(i), str(i)) for i in range(11)])
    elif kind == QuestionType.SINGLE:
        field = _radio(question.choice_options())
    elif kind == QuestionType.MULTIPLE:
        field = forms.MultipleChoiceField(
            choices=question.choice_options(), widget=forms.CheckboxSelectMultiple, required=False
        )
    elif kind == QuestionType.NUMBER:
        field = forms.FloatField(
            required=False,
            min_value=question.min_value,
            max_value=question.max_value,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        )
    else:
        field = forms.CharField(
            required=False,
            max_length=TEXT_MAX_CHARS,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_CHARS}),
        )
    field.label = question.text
    field.help_text = question.help
    field.question = question
    return field


# The about questions speak to the questionnaire's own respondents: a service user is never asked where they work.
ABOUT_SERVICE = {
    Audience.SERVICE_USERS: _("Which service do you use?"),
    Audience.STAFF: _("Which service do you work in?"),
    None: _("Which service is your answer about?"),
}
ABOUT_UNIT = {
    Audience.SERVICE_USERS: _("Which unit helps you?"),
    Audience.STAFF: _("Which unit do you work in?"),
    None: _("Which unit is your answer about?"),
}


class AboutMixin:
    """Who answers, as far as breakdowns need: the service (or unit) and the respondent group."""

    def add_about_fields(self, campaign, services, units):
        audience = campaign.version.instrument.audience
        self.services = {str(s.pk): s for s in services}
        self.units = {str(u.pk): u for u in units}
        if len(self.services) > 1:
            self.fields["service"] = forms.ChoiceField(
                label=ABOUT_SERVICE.get(audience, ABOUT_SERVICE[None]),
                choices=[("", _("I'd rather not say"))] + [(k, s.name) for k, s in self.services.items()],
                required=False,
            )
        elif not self.services and len(self.units) > 1:
            self.fields["unit"] = forms.ChoiceField(
                label=ABOUT_UNIT.get(audience, ABOUT_UNIT[None]),
                choices=[("", _("I'd rather not say"))] + [(k, u.name) for k, u in self.units.items()],
                required=False,
            )
        groups = campaign.group_choices()
        if groups:
            self.fields["group"] = forms.ChoiceField(
                label=_("Which group are you in?"),
                choices=[("", _("I'd rather not say"))] + [(g, g) for g in groups],
                required=False,
            )

    def about(self):
        """(service, unit, group) from the cleaned data; a single service or unit needs no question."""
        data = self.cleaned_data
        service = self.services.get(data.get("service") or "") if "service" in self.fields else None
        if service is None and len(self.services) == 1:
            service = next(iter(self.services.values()))
        unit = self.units.get(data.get("unit") or "") if "unit" in self.fields else None
        if unit is None and service is not None:
            unit = service.unit
        if unit is None and not self.services and len(self.units) == 1:
            unit = next(iter(self.units.values()))
        return service, unit, data.get("group") or ""


class ResponseForm(AboutMixin, forms.Form):
    """The standard form: every question, with conditional ones checked on the server (the script only hides)."""

    def __init__(self, *args, campaign, questions, services=(), units=(), honeypot=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.questions = list(questions)
        self.add_about_fields(campaign, services, units)
        for question in self.questions:
            self.fields[field_name(question)] = form_field(question)
        if honeypot:
            self.fields[HONEYPOT] = forms.CharField(
                label=_("Leave this field empty"),
                required=False,
                widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
            )

    def sections(self):
        """[(section, [bound fields])] in form order, for templates."""
        out = []
        for question in self.questions:
            if not out or out[-1][0].pk != question.section_id:
                out.append((question.section, []))
            out[-1][1].append(self[field_name(question)])
        return out

    def about_fields(self):
        return [self[name] for name in ("service", "unit", "group") if name in self.fields]

    def is_bot(self):
        return bool(self.data.get(HONEYPOT))

    def raw_values(self):
        """code → raw value of every question in the posted data (for drafts and conditions)."""
        out = {}
        for question in self.questions:
            name = field_name(question)
            if question.type == QuestionType.MULTIPLE:
                value = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name, [])
            else:
                value = self.data.get(name, "")
            if value not in ("", [], None):
                out[question.code] = value
        return out

    def clean(self):
        data = super().clean()
        values = {q.code: data.get(field_name(q)) for q in self.questions}
        values = {k: (str(v) if isinstance(v, float) else v) for k, v in values.items() if v not in (None, "", [])}
        shown = {q.code for q in visible_questions(self.questions, values)}
        for question in self.questions:
            name = field_name(question)
            if question.code not in shown:
                data[name] = None  # an answer to a question the respondent should not have seen is not kept
            elif question.required and data.get(name) in (None, "", []) and name not in self.errors:
                self.add_error(name, REQUIRED_MESSAGE)
        return data

    def answers(self):
        """[(question, value, choice, text)] for the valid form: one row per answer (per option for multiple)."""
        rows = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            rows.extend(answer_rows(question, value))
        return rows

    def draft(self):
        """The posted values worth keeping for later, after checking only their size."""
        draft = {}
        for question in self.questions:
            name = field_name(question)
            value = self.raw_values().get(question.code)
            if value is None:
                continue
            if isinstance(value, str) and len(value) > TEXT_MAX_CHARS:
                raise ValidationError(
                    {name: _("The answer is too long: at most %(n)s characters.") % {"n": TEXT_MAX_CHARS}}
                )
            draft[name] = value
        for name in ("service", "unit", "group"):
            if name in self.fields and self.data.get(name):
                draft[name] = self.data.get(name)
        return draft


def answer_rows(question, value):
    kind = question.type
    if kind in (QuestionType.LIKERT, QuestionType.YES_NO, QuestionType.RECOMMEND):
        return [(question, float(int(value)), "", "")]
    if kind == QuestionType.NUMBER:
        return [(question, float(value), "", "")]
    if kind == QuestionType.SINGLE:
        return [(question, None, str(value), "")]
    if kind == QuestionType.MULTIPLE:
        return [(question, None, str(code), "") for code in value]
    return [(question, None, "", str(value).strip())] if str(value).strip() else []


# ── Easy read ──────────────────────────────────────────────────────────────────────────────────────────────────


def face_to_value(question, face):
    """The stored value of an easy-read face ("1" sad, "2" neutral, "3" happy) on the question's own scale."""
    face = int(face)
    if question.type == QuestionType.LIKERT:
        points = question.scale_points
        return float({1: 1, 2: (points + 1) // 2, 3: points}[face])
    raise ValueError(question.type)


def easy_answers(questions, draft):
    """[(question, value, choice, text)] from an easy-read draft (code → face, yes/no value, choice code or text)."""
    values = {q.code: draft.get(q.code) for q in questions if draft.get(q.code) not in (None, "")}
    rows = []
    for question in visible_questions(questions, values):
        value = values.get(question.code)
        if value is None or not question.in_easy_read:
            continue
        if question.type == QuestionType.LIKERT:
            if value in FACES:
                rows.append((question, face_to_value(question, value), "", ""))
        elif question.type == QuestionType.YES_NO:
            if value in ("0", "1"):
                rows.append((question, float(value), "", ""))
        elif question.type == QuestionType.SINGLE:
            if value in {code for code, _label in question.choice_options()}:
                rows.append((question, None, value, ""))
        elif question.type == QuestionType.TEXT:
            text = str(value).strip()[:TEXT_MAX_CHARS]
            if text:
                rows.append((question, None, "", text))
    return rows


class EasyStepForm(forms.Form):
    """One easy-read screen: one question, no required answers (a person may always go on without answering)."""

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        kind = question.type
        if kind == QuestionType.LIKERT:
            field = _radio([("1", _("No")), ("2", _("Sometimes")), ("3", _("Yes"))])
        elif kind == QuestionType.YES_NO:
            field = _radio([("0", _("No")), ("1", _("Yes"))])
        elif kind == QuestionType.SINGLE:
            field = _radio(question.choice_options())
        else:
            field = forms.CharField(
                required=False,
                max_length=TEXT_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX_CHARS}),
            )
        field.label = question.easy_text
        self.fields["answer"] = field
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
