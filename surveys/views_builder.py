"""The questionnaire builder's pages: new questionnaire, new version, the draft's builder, preview and activation.

Directors and coordinators only (the roles that import questionnaires). Builder pages open only an unused draft of
the organisation; any other version is sent back to its page, which offers a new version instead.
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from orgs.gate import org_view
from orgs.roles import MANAGERS

from . import builder, library
from .analysis import load_questions
from .answering import EasyStepForm, ResponseForm
from .forms_builder import DetailsForm, LabelForm, QuestionForm, SectionForm
from .models import Campaign
from .views_instruments import _version
from .views_public import EasyAboutForm, _easy_steps, _face_options


def _go(request, url):
    """A redirect that htmx follows as a whole page, not as a fragment swapped into the builder."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _builder_url(request, version, anchor=""):
    url = reverse("surveys:builder", args=[request.org.slug, version.pk])
    return f"{url}#{anchor}" if anchor else url


def _locked(request, version):
    messages.error(
        request, _("Only a draft that no survey uses can be changed. Start a new version from this one instead.")
    )
    return _go(request, reverse("surveys:instrument", args=[request.org.slug, version.pk]))


def draft_view(methods=("GET", "POST")):
    """A builder page: the organisation's own draft that no survey uses, else back to the questionnaire's page."""

    def decorator(view):
        @org_view(roles=MANAGERS, methods=methods)
        @wraps(view)
        def wrapped(request, version_pk, **kwargs):
            version = _version(request, version_pk)
            if not builder.is_editable(version, request.org):
                return _locked(request, version)
            return view(request, version, **kwargs)

        return wrapped

    return decorator


def _change(request, version, change):
    """(response, problems): a response when the change cannot even be tried, else the problems (none: saved)."""
    try:
        builder.version_change(
            version=version, org=request.org, change=change, revision=request.POST.get("revision"), by=request.user
        )
    except builder.NotEditable:
        return _locked(request, version), None
    except builder.Stale:
        messages.warning(
            request, _("Someone changed this questionnaire in the meantime, so nothing was saved. Here it is now.")
        )
        return _go(request, _builder_url(request, version)), None
    except library.InstrumentImportError as exc:
        return None, exc.problems
    return None, []


def _document(version):
    doc = builder.document(version)
    return doc, version.checksum


# ── New questionnaire, new version ────────────────────────────────────────────────────────────────────────────


@org_view(roles=MANAGERS)
def instrument_create(request):
    form = DetailsForm(request.POST or None, create=True, initial={"label": "1"})
    if form.is_valid():
        try:
            version = builder.instrument_create(org=request.org, data=form.cleaned_data, by=request.user)
        except library.InstrumentImportError as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, _("The questionnaire is created as a draft: add its sections and questions."))
            return redirect(_builder_url(request, version))
    return render(request, "surveys/builder_details.html", {"org": request.org, "form": form, "create": True})


@org_view(roles=MANAGERS)
def version_copy(request, version_pk):
    source = _version(request, version_pk)
    form = LabelForm(request.POST or None, initial={"label": builder.suggest_label(source, request.org)})
    if form.is_valid():
        try:
            version = builder.version_copy(
                source=source, org=request.org, label=form.cleaned_data["label"], by=request.user
            )
        except library.InstrumentImportError as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, _("A new draft version is ready to change."))
            return redirect(_builder_url(request, version))
    ctx = {"org": request.org, "source": source, "form": form, "shipped": source.instrument.org_id is None}
    return render(request, "surveys/builder_copy.html", ctx)


# ── The builder ───────────────────────────────────────────────────────────────────────────────────────────────


def _builder_context(request, version, **extra):
    sections = list(version.sections.order_by("order"))
    by_section = {s.pk: [] for s in sections}
    questions = list(version.questions.select_related("show_if").order_by("order"))
    for q in questions:
        by_section[q.section_id].append(q)
    return {
        "org": request.org,
        "version": version,
        "revision": version.checksum,
        "sections": [(n, s, by_section[s.pk]) for n, s in enumerate(sections, start=1)],
        "last_code": questions[-1].code if questions else "",
        "first_code": questions[0].code if questions else "",
        "easy_count": sum(q.in_easy_read for q in questions),
        **extra,
    }


@draft_view(methods=("GET",))
def builder_page(request, version):
    return render(request, "surveys/builder.html", _builder_context(request, version))


@draft_view(methods=("POST",))
def builder_activate(request, version):
    try:
        builder.version_activate(version=version, org=request.org, by=request.user)
    except builder.NotEditable:
        return _locked(request, version)
    except library.InstrumentImportError as exc:
        ctx = _builder_context(request, version, problems=exc.problems)
        return render(request, "surveys/builder.html", ctx, status=422)
    messages.success(request, _("The version is in use: surveys can now be run with it. It can no longer change."))
    return redirect("surveys:instrument", request.org.slug, version.pk)


@draft_view()
def builder_delete(request, version):
    if request.method == "POST":
        try:
            builder.version_delete(version=version, org=request.org, by=request.user)
        except builder.NotEditable:
            return _locked(request, version)
        messages.success(request, _("The draft has been deleted."))
        return redirect("surveys:instruments", request.org.slug)
    ctx = {"org": request.org, "version": version, "what": str(version), "back_url": _builder_url(request, version)}
    return render(request, "surveys/builder_delete.html", ctx)


@draft_view()
def builder_details(request, version):
    doc, revision = _document(version)
    form = DetailsForm(request.POST or None, initial={**doc["instrument"], **doc["version"]})
    if form.is_valid():
        response, problems = _change(request, version, builder.set_details(form.cleaned_data))
        if response or not problems:
            return response or redirect(_builder_url(request, version))
        form.add_problems(problems)
    ctx = {"org": request.org, "version": version, "form": form, "revision": revision, "create": False}
    return render(request, "surveys/builder_details.html", ctx)


# ── Sections ──────────────────────────────────────────────────────────────────────────────────────────────────


def _section_page(request, version, position):
    doc, revision = _document(version)
    if position is not None and not 1 <= position <= len(doc["sections"]):
        raise Http404("No such section.")
    initial = doc["sections"][position - 1] if position else {}
    form = SectionForm(request.POST or None, initial=initial, position=position or len(doc["sections"]) + 1)
    if form.is_valid():
        response, problems = _change(request, version, builder.put_section(position, form.cleaned_data))
        if response or not problems:
            return response or redirect(_builder_url(request, version, f"section-{form.position}"))
        form.add_problems(problems)
    ctx = {"org": request.org, "version": version, "form": form, "revision": revision, "position": position}
    return render(request, "surveys/builder_section.html", ctx)


@draft_view()
def builder_section_add(request, version):
    return _section_page(request, version, None)


@draft_view()
def builder_section(request, version, section):
    return _section_page(request, version, section)


@draft_view()
def builder_section_delete(request, version, section):
    doc, revision = _document(version)
    if not 1 <= section <= len(doc["sections"]):
        raise Http404("No such section.")
    problems = []
    if request.method == "POST":
        response, problems = _change(request, version, builder.remove_section(section))
        if response or not problems:
            return response or redirect(_builder_url(request, version))
    data = doc["sections"][section - 1]
    ctx = {
        "org": request.org,
        "version": version,
        "revision": revision,
        "what": builder.tr(data, "title"),
        "count": len(data["questions"]),
        "problems": problems,
        "back_url": _builder_url(request, version, f"section-{section}"),
    }
    return render(request, "surveys/builder_delete.html", ctx)


def _moved(request, version, problems, anchor):
    """After a move: the builder's content for htmx (with a note for screen readers), else the page again."""
    if not request.htmx:
        for problem in problems:
            messages.error(request, str(problem))
        return redirect(_builder_url(request, version, anchor))
    notice = "; ".join(str(p) for p in problems) or _("Moved.")
    version = _version(request, version.pk)
    ctx = _builder_context(request, version, notice=notice, notice_error=bool(problems))
    return render(request, "surveys/builder.html#content", ctx)


def _step(request):
    return -1 if request.POST.get("direction") == "up" else 1


@draft_view(methods=("POST",))
def builder_section_move(request, version, section):
    if not 1 <= section <= version.sections.count():
        raise Http404("No such section.")
    response, problems = _change(request, version, builder.move_section(section, _step(request)))
    return response or _moved(request, version, problems, "builder-content")


# ── Questions ─────────────────────────────────────────────────────────────────────────────────────────────────


def _question_page(request, version, code, section, doc):
    form = QuestionForm(request.POST or None, doc=doc, code=code, section=section)
    if form.is_valid():
        change = builder.put_question(code, form.question(), form.cleaned_data["section"])
        response, problems = _change(request, version, change)
        if response or not problems:
            return response or redirect(_builder_url(request, version, f"q-{form.cleaned_data['code']}"))
        form.add_problems(problems)
    ctx = {"org": request.org, "version": version, "form": form, "revision": version.checksum, "code": code}
    return render(request, "surveys/builder_question.html", ctx)


@draft_view()
def builder_question_add(request, version, section):
    doc = builder.document(version)
    if not 1 <= section <= len(doc["sections"]):
        raise Http404("No such section.")
    return _question_page(request, version, None, section, doc)


def _position(doc, code):
    try:
        return builder.find(doc, code)
    except LookupError:
        raise Http404("No such question.") from None


@draft_view()
def builder_question(request, version, code):
    doc = builder.document(version)
    section, _index = _position(doc, code)
    return _question_page(request, version, code, section + 1, doc)


@draft_view()
def builder_question_delete(request, version, code):
    doc, revision = _document(version)
    _position(doc, code)
    problems = []
    if request.method == "POST":
        response, problems = _change(request, version, builder.remove_question(code))
        if response or not problems:
            return response or redirect(_builder_url(request, version))
    question = next(q for q in builder.questions(doc) if q["code"] == code)
    ctx = {
        "org": request.org,
        "version": version,
        "revision": revision,
        "what": builder.tr(question, "text"),
        "problems": problems,
        "back_url": _builder_url(request, version, f"q-{code}"),
    }
    return render(request, "surveys/builder_delete.html", ctx)


@draft_view(methods=("POST",))
def builder_question_move(request, version, code):
    if not version.questions.filter(code=code).exists():
        raise Http404("No such question.")
    response, problems = _change(request, version, builder.move_question(code, _step(request)))
    return response or _moved(request, version, problems, f"q-{code}")


# ── Preview: the respondent's own templates, with nothing saved ──────────────────────────────────────────────


def _preview_campaign(request, version):
    return Campaign(org=request.org, version=version, title=version.instrument.title, anonymous=True)


def _preview_ctx(request, version):
    editable = builder.is_editable(version, request.org)
    back = (
        _builder_url(request, version)
        if editable
        else reverse("surveys:instrument", args=[request.org.slug, version.pk])
    )
    return {
        "preview": True,
        "preview_back_url": back,
        "standard_url": reverse("surveys:version_preview", args=[request.org.slug, version.pk]),
    }


def _easy_url(request, version, step):
    return reverse("surveys:version_preview_easy", args=[request.org.slug, version.pk, step])


@org_view(roles=MANAGERS)
def version_preview(request, version_pk):
    version = _version(request, version_pk)
    questions = load_questions([version.pk])
    form = ResponseForm(request.POST or None, campaign=_preview_campaign(request, version), questions=questions)
    if request.method == "POST" and (request.POST.get("action") == "save" or form.is_valid()):
        messages.info(request, _("These answers would be accepted. This is a preview: nothing was saved."))
    easy = any(q.in_easy_read for q in questions)
    ctx = {
        **_preview_ctx(request, version),
        "campaign": form.campaign,
        "form": form,
        "sections": form.sections(),
        "easy_url": f"{_easy_url(request, version, 1)}?restart=1" if easy else "",
    }
    return render(request, "surveys/builder_preview.html", ctx)


@org_view(roles=MANAGERS)
def version_preview_easy(request, version_pk, step):
    """The easy-read form one screen at a time, its answers kept in the session only to follow the conditions."""
    version = _version(request, version_pk)
    campaign, key = _preview_campaign(request, version), f"survey-preview:{version.pk}"
    if request.GET.get("restart"):
        request.session.pop(key, None)
    draft = request.session.get(key, {})
    steps = _easy_steps(load_questions([version.pk]), draft, EasyAboutForm(campaign=campaign))
    ctx = {**_preview_ctx(request, version), "campaign": campaign, "step": step, "total": len(steps)}
    if not steps:
        messages.info(request, _("No question has easy-read text yet."))
        return redirect(ctx["standard_url"])
    if not 1 <= step <= len(steps) + 1:
        return redirect(_easy_url(request, version, 1))
    if step == len(steps) + 1:
        return _preview_end(request, version, ctx, steps, draft, key)
    question = steps[step - 1]
    form = EasyStepForm(request.POST or None, question=question, initial={"answer": draft.get(question.code)})
    if request.method == "POST" and form.is_valid():
        request.session[key] = {**draft, question.code: form.cleaned_data["answer"] or ""}
        go = max(step - 1, 1) if request.POST.get("go") == "back" else step + 1
        return redirect(_easy_url(request, version, go))
    ctx.update(
        form=form,
        question=question,
        options=_face_options(question, form),
        back_url=_easy_url(request, version, step - 1) if step > 1 else "",
        form_url=ctx["standard_url"],
    )
    return render(request, "surveys/builder_preview_easy.html", ctx)


def _preview_end(request, version, ctx, steps, draft, key):
    if request.method == "POST" and request.POST.get("go") == "back":
        return redirect(_easy_url(request, version, len(steps)))
    if request.method == "POST":
        request.session.pop(key, None)
        messages.info(request, _("End of the preview: nothing was saved."))
        return redirect(ctx["preview_back_url"])
    answered = sum(1 for q in steps if draft.get(q.code) not in (None, ""))
    ctx.update(answered=answered, back_url=_easy_url(request, version, len(steps)), form_url=ctx["standard_url"])
    return render(request, "surveys/builder_preview_send.html", ctx)
