"""Programme pages for the three programme roles: coordinators, consultants, funder viewers.

They live outside /o/<org_slug>/ because a programme role is no membership of the organisations a programme covers;
the gate here is the person's role in the programme (`_programme_for`). Someone with no role in a programme gets
404 (nobody can probe which programmes exist), a role the page is not for gets 403. None of these pages links into a
provider's own pages, and nothing here reads what a provider did not share (models.Programme.shares_*).
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kokybe.lib import downloads
from kokybe.lib.forms import add_service_errors
from kokybe.lib.pdf import render_pdf
from orgs.services import form_save

from . import exports, imports, pages, persons, rounds, services
from .forms import (
    ApplicationAcceptForm,
    ApplicationDeclineForm,
    ApplicationSettingsForm,
    AttendanceForm,
    EventForm,
    ParticipantsUploadForm,
    RoundForm,
)
from .models import (
    AGGREGATES,
    ALL_PROGRAMME_ROLES,
    STEERING,
    Application,
    Programme,
    ProgrammeEvent,
    ProgrammeParticipation,
    ProgrammeRole,
)


def _programme_for(request, pk, roles=ALL_PROGRAMME_ROLES):
    """The programme and the person's role in it: 404 without a role, 403 with a role this page is not for."""
    queryset = Programme.objects.open_to(request.user).select_related("coordinating_org", "milestone_template")
    programme = get_object_or_404(queryset, pk=pk)
    role = programme.role_of(request.user)
    if role not in roles:
        raise PermissionDenied
    return programme, role


def _role_context(programme, role):
    """What the programme's pages show a role: the links and buttons follow the gates (models.STEERING, AGGREGATES)."""
    return {
        "programme": programme,
        "role": role,
        "steering": role in STEERING,
        "aggregates": role in AGGREGATES,
        "is_coordinator": role == ProgrammeRole.COORDINATOR,
    }


@require_GET
@login_required
def programme_list(request):
    programmes = Programme.objects.open_to(request.user).select_related("coordinating_org")
    # Meta.ordering does not reach an aggregating query: the order is stated.
    programmes = programmes.with_participant_counts().order_by("-start", "code")
    return render(request, "programmes/list.html", {"programmes": list(programmes)})


PARTICIPANTS_PER_PAGE = 50


@require_GET
@login_required
def programme_detail(request, pk):
    programme, role = _programme_for(request, pk)
    ctx = {
        **_role_context(programme, role),
        "phases": list(programme.phases.all()),
        "waves": list(programme.waves.all()),
        "coordinators": list(programme.coordinators.order_by("full_name", "email")),
    }
    if role in STEERING:
        # Hundreds of providers take part in a national programme: a page of them at a time, found by name or place.
        query = request.GET.get("q", "").strip()[:100]
        participations = (
            ProgrammeParticipation.objects.seen_by(programme, role, request.user)
            .with_org_data()
            .select_related("wave", "consultant")
            .order_by("org__name", "pk")
        )
        n_all = participations.count() if query else None
        if query:
            participations = participations.filter(
                Q(org__name__icontains=query)
                | Q(org__short_name__icontains=query)
                | Q(org__municipality__icontains=query)
            )
        page = Paginator(participations, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
        ctx.update(page=page, participations=list(page), query=query, n_all=n_all or page.paginator.count)
    else:
        ctx["n_all"] = programme.participations.exclude(status=ProgrammeParticipation.Status.LEFT).count()
    return render(request, "programmes/detail.html", ctx)


# ── Milestone board ──────────────────────────────────────────────────────────────────────────────────────────────


def _board_choices(programme, role, user):
    participations = ProgrammeParticipation.objects.seen_by(programme, role, user)
    return {
        "waves": list(programme.waves.all()),
        "municipalities": sorted(m for m in participations.values_list("org__municipality", flat=True).distinct() if m),
        "statuses": ProgrammeParticipation.Status.choices,
        "consultants": list(programme.consultants.order_by("full_name", "email"))
        if role == ProgrammeRole.COORDINATOR
        else [],
    }


@require_GET
@login_required
def board(request, pk):
    programme, role = _programme_for(request, pk, STEERING)
    today = timezone.localdate()
    filters = pages.BoardFilters.from_request(request.GET)
    steps, page, rows = pages.board(programme, role, request.user, filters, today, request.GET.get("page"))
    ctx = {
        **_role_context(programme, role),
        "filters": filters,
        "steps": steps,
        "page": page,
        "rows": rows,
        "today": today,
        **_board_choices(programme, role, request.user),
    }
    template = "programmes/board.html#rows" if request.htmx else "programmes/board.html"
    return render(request, template, ctx)


@require_GET
@login_required
def gantt(request, pk, wave_pk):
    """Planned against actual milestone dates of one wave's providers, drawn on the server (SVG, no script) with the
    same dates as a table beside it; 25 providers a page, a consultant only those assigned."""
    programme, role = _programme_for(request, pk, STEERING)
    wave = get_object_or_404(programme.waves, pk=wave_pk)
    today = timezone.localdate()
    steps, page, axis, rows = pages.gantt(programme, wave, role, request.user, today, request.GET.get("page"))
    ctx = {
        **_role_context(programme, role),
        "wave": wave,
        "waves": list(programme.waves.all()),
        "steps": steps,
        "page": page,
        "axis": axis,
        "rows": rows,
        "today": today,
        "width": pages.GANTT_WIDTH,
    }
    return render(request, "programmes/gantt.html", ctx)


@require_GET
@login_required
def board_export(request, pk):
    programme, role = _programme_for(request, pk, STEERING)
    today = timezone.localdate()
    filters = pages.BoardFilters.from_request(request.GET)
    steps = list(programme.milestone_template.steps.order_by("order", "pk")) if programme.milestone_template else []
    participations = pages.board_queryset(programme, role, request.user, filters, today)
    content = exports.board_xlsx(programme, steps, pages.board_rows(participations, steps, today), today)
    return downloads.attachment(content, downloads.filename(programme.code, _("milestones"), today, ext="xlsx"))


@require_POST
@login_required
def board_sync(request, pk):
    programme, _role = _programme_for(request, pk, {ProgrammeRole.COORDINATOR})
    services.milestones_instantiate(programme.participations.select_related("programme"))
    n = services.milestones_sync(programme, by=request.user)
    messages.success(request, _("Milestones filled from providers' records: %(n)s.") % {"n": n})
    return redirect("programmes:board", pk=programme.pk)


# ── Indicators, benchmarks, the funder's report ──────────────────────────────────────────────────────────────────


@require_GET
@login_required
def indicators(request, pk):
    programme, role = _programme_for(request, pk, AGGREGATES)
    today = timezone.localdate()
    rows = []
    for indicator in programme.indicators.all():
        progress = pages.progress(indicator, today)
        rows.append(
            {
                "progress": progress,
                "chart": pages.forecast_chart(progress),
                "breakdown": pages.breakdown(indicator),
            }
        )
    ctx = {
        **_role_context(programme, role),
        "rows": rows,
        "today": today,
    }
    return render(request, "programmes/indicators.html", ctx)


@require_GET
@login_required
def benchmarks(request, pk):
    programme, role = _programme_for(request, pk, AGGREGATES)
    return render(
        request,
        "programmes/benchmarks.html",
        {**_role_context(programme, role), "groups": pages.benchmarks(programme)},
    )


def _period(request, programme):
    def parse(name, default):
        try:
            return date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return default

    first = parse("first", programme.start)
    last = parse("last", min(timezone.localdate(), programme.end or timezone.localdate()))
    return (first, last) if first <= last else (last, first)


@require_GET
@login_required
def report(request, pk, fmt):
    programme, _role = _programme_for(request, pk, AGGREGATES)
    first, last = _period(request, programme)
    data = exports.report_data(programme, first, last, timezone.localdate())
    name = downloads.filename(programme.code, _("report"), f"{first}–{last}", ext=fmt)
    if fmt == "xlsx":
        return downloads.attachment(exports.report_xlsx(data), name)
    html = render_to_string("programmes/report_pdf.html", {"data": data}, request=request)
    return downloads.attachment(render_pdf(html), name)


@require_POST
@login_required
def key_rotate(request, pk):
    programme, _role = _programme_for(request, pk, {ProgrammeRole.COORDINATOR})
    version = persons.rotate_key(programme)
    messages.success(
        request,
        _("The key for personal codes is rotated (version %(n)s). Uploads from now on use the new key.")
        % {"n": version},
    )
    return redirect("programmes:indicators", pk=programme.pk)


# ── Rounds pushed to many providers ──────────────────────────────────────────────────────────────────────────────


@require_http_methods(["GET", "POST"])
@login_required
def round_list(request, pk):
    programme, role = _programme_for(request, pk, STEERING)
    filters = pages.BoardFilters.from_request(request.GET if request.method == "GET" else request.POST)
    today = timezone.localdate()
    form = RoundForm(request.POST or None, kinds=rounds.offered(programme))
    if request.method == "POST":
        if role != ProgrammeRole.COORDINATOR:
            raise PermissionDenied
        if form.is_valid():
            kind, option = form.kind_and_option()
            participations = pages.board_queryset(programme, role, request.user, filters, today).exclude(
                status=ProgrammeParticipation.Status.LEFT
            )
            try:
                programme_round = rounds.round_push(
                    programme=programme,
                    kind=kind,
                    option=option,
                    title=form.cleaned_data["title"],
                    due_date=form.cleaned_data["due_date"],
                    participations=participations.select_related("org"),
                    by=request.user,
                    picks=form.chosen_picks(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc, rename={"option": "what"})
            else:
                messages.success(
                    request, _("The round is sent to %(n)s providers.") % {"n": programme_round.items.count()}
                )
                return redirect("programmes:round", pk=programme.pk, round_pk=programme_round.pk)
    matching = pages.board_queryset(programme, role, request.user, filters, today).exclude(
        status=ProgrammeParticipation.Status.LEFT
    )
    ctx = {
        **_role_context(programme, role),
        "rounds": list(programme.rounds.annotate(n=Count("items"))),
        "form": form,
        "filters": filters,
        "matching": matching.count(),
        **_board_choices(programme, role, request.user),
    }
    return render(request, "programmes/rounds.html", ctx)


ROUND_ITEMS_PER_PAGE = 50


@require_GET
@login_required
def round_detail(request, pk, round_pk):
    """The round's counts by state over every provider, and its providers 50 a page, narrowed to one state: a
    thousand rows were rendered at once before (413 ms at p95 with 1,000 providers)."""
    programme, role = _programme_for(request, pk, STEERING)
    programme_round = get_object_or_404(programme.rounds, pk=round_pk)
    today = timezone.localdate()
    progress = rounds.round_progress(programme_round, today)
    if role == ProgrammeRole.CONSULTANT:
        progress = [(item, state) for item, state in progress if item.participation.consultant_id == request.user.pk]
    states = {}
    for _item, state in progress:
        states[state] = states.get(state, 0) + 1
    progress_all = progress
    state = request.GET.get("state", "")
    if state in rounds.STATE_LABELS:
        progress = [pair for pair in progress if pair[1] == state]
    else:
        state = ""
    page = Paginator(progress, ROUND_ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        **_role_context(programme, role),
        "round": programme_round,
        "page": page,
        "rows": [(item, state_, rounds.STATE_LABELS[state_]) for item, state_ in page],
        "state": state,
        "counts": [(key, label, states.get(key, 0)) for key, label in rounds.STATE_LABELS.items()],
        "waiting": sum(n for key, n in states.items() if key != "submitted"),
        # Over the providers this role sees, as distributions of 5 or more: never one provider's figure.
        "figures": rounds.round_figures(programme_round, [item for item, _state in progress_all]),
    }
    ctx["figures_groups"] = [(_("Shared values"), ctx["figures"])] if ctx["figures"] else []
    return render(request, "programmes/round.html", ctx)


@require_POST
@login_required
def round_remind(request, pk, round_pk):
    programme, _role = _programme_for(request, pk, {ProgrammeRole.COORDINATOR})
    programme_round = get_object_or_404(programme.rounds, pk=round_pk)
    n = rounds.round_remind(programme_round=programme_round, today=timezone.localdate(), by=request.user)
    messages.success(request, _("Reminders sent: %(n)s.") % {"n": n})
    return redirect("programmes:round", pk=programme.pk, round_pk=programme_round.pk)


# ── Applications to join ─────────────────────────────────────────────────────────────────────────────────────────

APPLICATIONS_PER_PAGE = 50
COORDINATOR = frozenset({ProgrammeRole.COORDINATOR})


@require_http_methods(["GET", "POST"])
@login_required
def application_list(request, pk):
    """The applications waiting for a decision first, then the decided ones; the page opens and closes the programme
    for applications."""
    programme, role = _programme_for(request, pk, COORDINATOR)
    # Read before the form is bound: a form that fails validation has already written its values onto the instance.
    apply_slug = programme.application_slug if programme.accepts_applications else ""
    settings_form = ApplicationSettingsForm(request.POST or None, instance=programme)
    if request.method == "POST" and settings_form.is_valid():
        form_save(form=settings_form, org=programme.coordinating_org, by=request.user)
        messages.success(request, _("The application page settings are saved."))
        return redirect("programmes:applications", pk=programme.pk)
    status = request.GET.get("status", Application.Status.PENDING)
    if status not in Application.Status.values:
        status = Application.Status.PENDING
    applications = programme.applications.filter(status=status).select_related("participation__org")
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    counts = dict(programme.applications.values_list("status").annotate(n=Count("pk")))
    ctx = {
        **_role_context(programme, role),
        "settings_form": settings_form,
        "apply_slug": apply_slug,
        "page": page,
        "applications": list(page),
        "status": status,
        "tabs": [(value, label, counts.get(value, 0)) for value, label in Application.Status.choices],
    }
    return render(request, "programmes/applications.html", ctx, status=400 if settings_form.errors else 200)


def _application_for(request, pk, application_pk):
    programme, role = _programme_for(request, pk, COORDINATOR)
    application = get_object_or_404(
        programme.applications.select_related("participation__org", "decided_by"), pk=application_pk
    )
    return programme, role, application


def _application_page(request, programme, role, application, accept_form=None, decline_form=None, status=200):
    from orgs.models import Organisation

    known = Organisation.objects.filter(company_code=application.company_code).order_by("pk").first()
    accept_form = accept_form or ApplicationAcceptForm(programme=programme)
    decline_form = decline_form or ApplicationDeclineForm()
    ctx = {
        **_role_context(programme, role),
        "application": application,
        "known_org": known,
        "accept_form": accept_form,
        "decline_form": decline_form,
        # An application decided meanwhile (another coordinator, another tab) shows no forms, only why nothing changed.
        "decided_errors": [*accept_form.non_field_errors(), *decline_form.non_field_errors()],
    }
    return render(request, "programmes/application.html", ctx, status=status)


@require_GET
@login_required
def application_detail(request, pk, application_pk):
    programme, role, application = _application_for(request, pk, application_pk)
    return _application_page(request, programme, role, application)


@require_POST
@login_required
def application_accept(request, pk, application_pk):
    programme, role, application = _application_for(request, pk, application_pk)
    form = ApplicationAcceptForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            participation = services.application_accept(
                application=application,
                wave=form.cleaned_data["wave"],
                consultant=form.cleaned_data["consultant"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s now takes part in the programme; the contact person is told by e-mail.")
                % {"org": participation.org.name},
            )
            return redirect("programmes:applications", pk=programme.pk)
    return _application_page(request, programme, role, application, accept_form=form, status=400)


@require_POST
@login_required
def application_decline(request, pk, application_pk):
    programme, role, application = _application_for(request, pk, application_pk)
    form = ApplicationDeclineForm(request.POST)
    if form.is_valid():
        try:
            services.application_decline(application=application, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"decline_reason": "reason"})
        else:
            messages.success(request, _("The application is declined; the applicant is told the reason by e-mail."))
            return redirect("programmes:applications", pk=programme.pk)
    return _application_page(request, programme, role, application, decline_form=form, status=400)


# ── Participants imported from XLSX ──────────────────────────────────────────────────────────────────────────────


def _import_key(programme):
    return f"programmes:import:{programme.pk}"


@require_http_methods(["GET", "POST"])
@login_required
def participants_import(request, pk):
    """Upload → preview (rows to create or update, rows with errors) → confirm. The workbook's cells wait in the
    session between the preview and the confirmation; nothing is written before it."""
    programme, role = _programme_for(request, pk, COORDINATOR)
    key = _import_key(programme)
    form = ParticipantsUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        request.session.pop(key, None)
        if form.is_valid():
            try:
                raw = imports.read(form.cleaned_data["file"])
            except ValidationError as exc:
                add_service_errors(form, exc, rename={"__all__": "file"})
                status = 400
            else:
                request.session[key] = {"rows": raw, "name": form.cleaned_data["file"].name[:150]}
                return redirect("programmes:participants_import", pk=programme.pk)
        else:
            status = 400
    pending = request.session.get(key)
    rows = imports.check(programme, pending["rows"]) if pending else []
    ctx = {
        **_role_context(programme, role),
        "form": form,
        "pending": pending,
        "rows": rows,
        "n_errors": sum(1 for row in rows if row.errors),
        "counts": {label: sum(row.action == action for row in rows) for action, label in imports.ACTION_LABELS.items()},
    }
    return render(request, "programmes/participants_import.html", ctx, status=status)


@require_POST
@login_required
def participants_import_confirm(request, pk):
    programme, _role = _programme_for(request, pk, COORDINATOR)
    key = _import_key(programme)
    pending = request.session.get(key)
    if request.POST.get("cancel") or not pending:
        request.session.pop(key, None)
        return redirect("programmes:participants_import", pk=programme.pk)
    try:
        counts = imports.participants_import(programme=programme, raw_rows=pending["rows"], by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("programmes:participants_import", pk=programme.pk)
    request.session.pop(key, None)
    messages.success(
        request,
        _("Participants imported: %(new)s new organisations, %(add)s organisations joined, %(upd)s updated.")
        % {
            "new": counts[imports.Action.CREATE],
            "add": counts[imports.Action.ADD],
            "upd": counts[imports.Action.UPDATE],
        },
    )
    return redirect("programmes:detail", pk=programme.pk)


@require_GET
@login_required
def participants_template(request, pk):
    programme, _role = _programme_for(request, pk, COORDINATOR)
    name = downloads.filename(programme.code, _("participants"), _("template"), ext="xlsx")
    return downloads.attachment(imports.template_xlsx(), name)


# ── Consultant visits and programme trainings ────────────────────────────────────────────────────────────────────

EVENTS_PER_PAGE = 50


@require_GET
@login_required
def event_list(request, pk):
    programme, role = _programme_for(request, pk, STEERING)
    events = (
        ProgrammeEvent.objects.seen_by(programme, role, request.user)
        .select_related("step")
        .annotate(providers=Count("attendances", distinct=True), people=Sum("attendances__count"))
        .order_by("-on", "-pk")
    )
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {**_role_context(programme, role), "page": page, "events": list(page)}
    return render(request, "programmes/events.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def event_create(request, pk):
    programme, role = _programme_for(request, pk, STEERING)
    participations = ProgrammeParticipation.objects.seen_by(programme, role, request.user)
    form = EventForm(request.POST or None, programme=programme, participations=participations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                programme=programme,
                fields={name: data[name] for name in EventForm.Meta.fields},
                participation=data["participation"],
                attendees=data["attendees"],
                count=data["count"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event is recorded."))
            return redirect("programmes:event", pk=programme.pk, event_pk=event.pk)
    status = 400 if form.errors else 200
    return render(
        request, "programmes/event_form.html", {**_role_context(programme, role), "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_detail(request, pk, event_pk):
    programme, role = _programme_for(request, pk, STEERING)
    event = get_object_or_404(
        ProgrammeEvent.objects.seen_by(programme, role, request.user).select_related("step", "recorded_by"),
        pk=event_pk,
    )
    participations = ProgrammeParticipation.objects.seen_by(programme, role, request.user)
    form = AttendanceForm(request.POST or None, participations=participations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.event_attendance_set(
            event=event,
            participation=data["participation"],
            attendees=data["attendees"],
            count=data["count"],
            by=request.user,
        )
        messages.success(request, _("The attendance is saved."))
        return redirect("programmes:event", pk=programme.pk, event_pk=event.pk)
    attendances = event.attendances.filter(participation__in=participations).select_related("participation__org")
    ctx = {**_role_context(programme, role), "event": event, "attendances": list(attendances), "form": form}
    return render(request, "programmes/event.html", ctx, status=400 if form.errors else 200)
