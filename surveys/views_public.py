"""The respondent's pages: no account, a phone is enough. /s/<slug>/ is a campaign's open link, /s/t/<token>/ a
personal single-use one; each has the standard form and, where offered, the easy-read form (one question a screen).

Progress is kept as a draft: in the session for an open link, on the invitation for a personal one (emptied when
the form is sent). Abuse: a honeypot field, a per-IP limit on sending (the IP lives only in the cache key, hashed,
for the limit's window — never in the database), and size limits on free text.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kokybe.lib import throttle
from kokybe.lib.forms import add_service_errors

from . import services
from .analysis import load_questions
from .answering import FACES, HONEYPOT, AboutMixin, EasyStepForm, ResponseForm, easy_answers, visible_questions
from .models import Campaign, Channel, Invitation, QuestionType

STANDARD, EASY = "standard", "easy"


def rate_limit():
    return getattr(settings, "SURVEY_SUBMISSIONS_PER_IP", 20), getattr(settings, "SURVEY_RATE_WINDOW_SECONDS", 600)


def allow_submission(request):
    """True while this IP address has sent fewer than the limit within the window (a fixed window per address)."""
    limit, window = rate_limit()
    return throttle.allow("survey", [f"ip:{throttle.client_ip(request)}"], limit, window)


@dataclass
class Target:
    """What a respondent answers: a campaign through its open link, or through one invitation."""

    campaign: Campaign
    invitation: Invitation | None = None

    def url(self, name, **kwargs):
        if self.invitation is not None:
            return reverse(
                f"surveys_public:token_{name}" if name != "form" else "surveys_public:token",
                kwargs={"token": self.invitation.token, **kwargs},
            )
        return reverse(f"surveys_public:{name}", kwargs={"slug": self.campaign.public_slug, **kwargs})

    def _key(self, mode):
        return f"survey:{self.campaign.pk}:{mode}"

    def _on_invitation(self):
        # A draft of an anonymous survey never sits next to the e-mail address the link went to: it is kept in this
        # browser's session, like an open link's. A named survey keeps it on the invitation (any device).
        return self.invitation is not None and not self.campaign.anonymous

    def draft(self, request, mode):
        if self._on_invitation():
            return dict((self.invitation.draft or {}).get(mode, {}))
        return dict(request.session.get(self._key(mode), {}))

    def save_draft(self, request, mode, values):
        if self._on_invitation():
            draft = dict(self.invitation.draft or {})
            draft[mode] = values
            self.invitation.draft = draft
            Invitation.objects.filter(pk=self.invitation.pk, used=False).update(draft=draft)
        else:
            request.session[self._key(mode)] = values

    def clear(self, request):
        for mode in (STANDARD, EASY):
            request.session.pop(self._key(mode), None)


def _open_link(slug):
    queryset = Campaign.objects.select_related("version__instrument", "org").filter(public_link=True)
    return Target(get_object_or_404(queryset, public_slug=slug))


def _personal(token):
    queryset = Invitation.objects.select_related("campaign__version__instrument", "campaign__org")
    invitation = get_object_or_404(queryset, token=token)
    return Target(invitation.campaign, invitation)


def _message(request, target, kind, status=200):
    return render(
        request,
        "surveys/public_message.html",
        {"campaign": target.campaign, "kind": kind, "target": target},
        status=status,
    )


def _refusal(request, target):
    """The page to show instead of the form, or None when the form may be filled in."""
    if target.invitation is not None and target.invitation.used:
        target.clear(request)
        return _message(request, target, "used")
    if not target.campaign.is_collecting():
        target.clear(request)  # a draft of a survey that has ended is of no more use to anyone
        return _message(request, target, "closed")
    return None


def _people(campaign):
    return list(campaign.services.select_related("unit")), list(campaign.units.all())


TOO_MANY = gettext_lazy(
    "Too many questionnaires have been sent from this network in a short time. Your answers are kept on this page: "
    "please wait a few minutes and send them again."
)


def _submit(request, target, rows, channel, about):
    service, unit, group = about
    try:
        services.response_submit(
            campaign=target.campaign,
            rows=rows,
            channel=channel,
            service=service,
            unit=unit,
            group=group,
            invitation=target.invitation,
        )
    except services.AlreadyAnswered:
        return _message(request, target, "used")
    except services.NotCollecting:
        return _message(request, target, "closed")
    target.clear(request)
    return redirect(target.url("thanks"))


def _standard(request, target):
    refusal = _refusal(request, target)
    if refusal:
        return refusal
    campaign = target.campaign
    questions = load_questions([campaign.version_id])
    svc, units = _people(campaign)
    kwargs = {"campaign": campaign, "questions": questions, "services": svc, "units": units}
    status = 200
    if request.method == "POST":
        form = ResponseForm(request.POST, **kwargs)
        if form.is_bot():
            return redirect(target.url("thanks"))  # said nothing to the bot; stored nothing
        if request.POST.get("action") == "save":
            try:
                target.save_draft(request, STANDARD, form.draft())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your answers so far are saved. Open this page again to finish."))
                return redirect(target.url("form"))
        elif form.is_valid():
            if allow_submission(request):
                return _submit(request, target, form.answers(), Channel.WEB, form.about())
            form.add_error(None, TOO_MANY)
            status = 429
    else:
        form = ResponseForm(initial=target.draft(request, STANDARD), **kwargs)
    ctx = {
        "campaign": campaign,
        "form": form,
        "sections": form.sections(),
        "easy_url": target.url("easy", step=1) if campaign.offers_easy_read() else "",
    }
    return render(request, "surveys/respond.html", ctx, status=status)


class EasyAboutForm(AboutMixin, forms.Form):
    """The easy-read form's first screen when the campaign asks which service (or unit) and group."""

    def __init__(self, *args, campaign, services=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_about_fields(campaign, services, units)
        for field in self.fields.values():
            field.widget = forms.RadioSelect(choices=field.choices)
        self.fields[HONEYPOT] = forms.CharField(
            label=gettext_lazy("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    def has_questions(self):
        return any(name in self.fields for name in ("service", "unit", "group"))


def _easy_steps(questions, draft, about_form):
    values = {q.code: draft[q.code] for q in questions if draft.get(q.code) not in (None, "")}
    # A face is a rating on the standard scale for conditions: the happy face counts as the top point.
    for q in questions:
        if q.type == QuestionType.LIKERT and values.get(q.code) in FACES:
            values[q.code] = str({"1": 1, "2": (q.scale_points + 1) // 2, "3": q.scale_points}[values[q.code]])
    steps = [None] if about_form.has_questions() else []
    return steps + [q for q in visible_questions(questions, values) if q.in_easy_read]


def _easy(request, target, step):
    refusal = _refusal(request, target)
    if refusal:
        return refusal
    campaign = target.campaign
    if not campaign.offers_easy_read():
        return redirect(target.url("form"))
    questions = load_questions([campaign.version_id])
    svc, units = _people(campaign)
    draft = target.draft(request, EASY)
    about = EasyAboutForm(campaign=campaign, services=svc, units=units, initial=draft)
    steps = _easy_steps(questions, draft, about)
    total = len(steps)
    if not 1 <= step <= total + 1:
        return redirect(target.url("easy", step=1))
    if step == total + 1:
        error, status = "", 200
        if request.method == "POST":
            if request.POST.get(HONEYPOT):
                return redirect(target.url("thanks"))
            if request.POST.get("go") == "back":
                return redirect(target.url("easy", step=total))
            about = EasyAboutForm(
                {k: draft.get(k, "") for k in ("service", "unit", "group")},
                campaign=campaign,
                services=svc,
                units=units,
            )
            about.is_valid()
            if allow_submission(request):
                return _submit(request, target, easy_answers(questions, draft), Channel.EASY_READ, about.about())
            error, status = TOO_MANY, 429
        answered = sum(1 for q in steps if q is not None and draft.get(q.code) not in (None, ""))
        answered += bool(steps and steps[0] is None and any(draft.get(k) for k in ("service", "unit", "group")))
        ctx = {
            "campaign": campaign,
            "total": total,
            "answered": answered,
            "step": step,
            "error": error,
            "back_url": target.url("easy", step=total) if total else "",
            "form_url": target.url("form"),
        }
        return render(request, "surveys/easy_send.html", ctx, status=status)
    question = steps[step - 1]
    if question is None:
        form = EasyAboutForm(request.POST or None, campaign=campaign, services=svc, units=units, initial=draft)
    else:
        form = EasyStepForm(request.POST or None, question=question, initial={"answer": draft.get(question.code)})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get(HONEYPOT):
            return redirect(target.url("thanks"))
        if question is None:
            for name in ("service", "unit", "group"):
                if name in form.fields:
                    draft[name] = form.cleaned_data.get(name) or ""
        else:
            draft[question.code] = form.cleaned_data["answer"] or ""
        target.save_draft(request, EASY, draft)
        return redirect(target.url("easy", step=max(step - 1, 1) if request.POST.get("go") == "back" else step + 1))
    ctx = {
        "campaign": campaign,
        "form": form,
        "question": question,
        "step": step,
        "total": total,
        "options": _face_options(question, form) if question is not None else [],
        "back_url": target.url("easy", step=step - 1) if step > 1 else "",
        "form_url": target.url("form"),
    }
    return render(request, "surveys/easy.html", ctx)


def _face_options(question, form):
    """(radio, face) pairs of an easy-read screen: which face each answer shows ("" for plain choices)."""
    if question.type == QuestionType.LIKERT:
        faces = {"1": "sad", "2": "neutral", "3": "happy"}
    elif question.type == QuestionType.YES_NO:
        faces = {"0": "sad", "1": "happy"}
    else:
        faces = {}
    if question.type == QuestionType.TEXT:
        return []
    return [(radio, faces.get(str(radio.data["value"]), "")) for radio in form["answer"]]


@require_http_methods(["GET", "POST"])
def public_form(request, slug):
    return _standard(request, _open_link(slug))


@require_http_methods(["GET", "POST"])
def public_easy(request, slug, step):
    return _easy(request, _open_link(slug), step)


@require_GET
def public_thanks(request, slug):
    return _message(request, _open_link(slug), "thanks")


@require_http_methods(["GET", "POST"])
def token_form(request, token):
    return _standard(request, _personal(token))


@require_http_methods(["GET", "POST"])
def token_easy(request, token, step):
    return _easy(request, _personal(token), step)


@require_GET
def token_thanks(request, token):
    return _message(request, _personal(token), "thanks")
