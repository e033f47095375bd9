"""Quality-of-life measurements: the standard or proxy form (all items on one page), domain scores entered from a
licensed instrument (POS), and the easy-read form a person answers on a tablet — one question a screen, three
faces, big touch targets, no script needed (each answer is a form post; the answers wait in the session)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view

from . import instruments, services
from .forms import RECORD_ROLES, MeasurementForm
from .models import Measurement
from .views import _person


def _instrument(request, code, version):
    definition = instruments.for_org(request.org).get(code)
    if definition is None or version not in definition.get("versions", ()):
        raise Http404
    return definition


@org_view(roles=RECORD_ROLES)
def measure(request, reference, code):
    person = _person(request, reference)
    version = request.GET.get("version") or ("scores" if code == "pos" else "standard")
    definition = _instrument(request, code, version)
    respondent = "staff" if version == "proxy" else "self"
    initial = {"taken_on": timezone.localdate(), "respondent": respondent}
    form = MeasurementForm(request.POST or None, definition=definition, version=version, initial=initial)
    if form.is_valid():
        try:
            services.measurement_record(
                person=person,
                code=code,
                definition=definition,
                taken_on=form.cleaned_data["taken_on"],
                respondent=form.cleaned_data["respondent"],
                version="standard" if version == "proxy" else version,
                answers=form.answers(),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The measurement is saved."))
            return redirect(person)
    context = {
        "person": person,
        "definition": definition,
        "name": instruments.name(definition),
        "intro": instruments.text(definition, "intro"),
        "form": form,
        "version": version,
    }
    return render(request, "people/measure.html", context)


def _session_key(person, code):
    return f"people.easy:{person.uuid}:{code}"


@org_view(roles=RECORD_ROLES)
def measure_easy(request, reference, code, step):
    """Question `step` (1…n) of the easy-read form; step n + 1 saves the answers."""
    person = _person(request, reference)
    definition = _instrument(request, code, "easy")
    items = definition["items"]
    if not 1 <= step <= len(items) + 1:
        raise Http404
    key = _session_key(person, code)
    answers = request.session.get(key, {}) if step > 1 else {}
    here = lambda n: reverse("people:measure_easy", args=[request.org.slug, person.reference, code, n])  # noqa: E731
    error = ""
    if step <= len(items):
        item = items[step - 1]
        if request.method == "POST":
            value = request.POST.get("answer", "")
            valid = {str(o["value"]) for o in definition["options"]}
            if value and value not in valid:
                error = _("Choose one of the faces.")
            else:
                answers[item["id"]] = int(value) if value else None
                request.session[key] = answers
                return redirect(here(step + 1))
        options = [(o["value"], instruments.option_label(o, "easy"), o.get("face", "")) for o in definition["options"]]
        context = {
            "person": person,
            "name": instruments.name(definition),
            "intro": instruments.text(definition, "easy_intro") if step == 1 else "",
            "question": instruments.item_text(item, "easy"),
            "options": options,
            "chosen": answers.get(item["id"]),
            "step": step,
            "total": len(items),
            "back_url": here(step - 1) if step > 1 else "",
            "error": error,
        }
        return render(request, "people/easy.html", context, status=400 if error else 200)
    if request.method == "POST":
        try:
            services.measurement_record(
                person=person,
                code=code,
                definition=definition,
                taken_on=timezone.localdate(),
                respondent=Measurement.Respondent.SELF,
                version=Measurement.Version.EASY,
                answers={k: v for k, v in answers.items() if v is not None},
                by=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            request.session.pop(key, None)
            messages.success(request, _("Thank you! The answers are saved."))
            return redirect(person)
    context = {
        "person": person,
        "name": instruments.name(definition),
        "answered": sum(1 for v in answers.values() if v is not None),
        "total": len(items),
        "back_url": here(len(items)),
        "error": error,
        "done": True,
    }
    return render(request, "people/easy.html", context, status=400 if error else 200)
