from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kokybe.lib import downloads, uploads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.models import Membership, Service, Unit
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS, OVERSEERS, Role
from programmes.models import ProgrammeParticipation

from . import attendance, exports, matrix, services
from .forms import (
    CourseForm,
    EventForm,
    PlanForm,
    PlannedCourseFormSet,
    ProgrammeTrainingForm,
    RecordEditForm,
    RecordForm,
    SettingsForm,
)
from .models import CompetenceSettings, Course, Record, RecordStatus, Standing, TrainingPlan

# Who opens the matrix: the managers and the internal auditor see everyone, a unit head their unit. The same readers
# as a register's (complaints names the set so too).
REGISTER_READERS = OVERSEERS | {Role.INTERNAL_AUDITOR}


def _may_read(viewer, person_membership, tree):
    return bool(matrix.visible([person_membership], viewer, tree))


def _record(request, uuid):
    """The record, if this member may see it (their own, or a person they may read); 404 otherwise."""
    record = get_object_or_404(
        Record.objects.for_org(request.org).select_related("person", "course", "decided_by", "event"), uuid=uuid
    )
    if record.person_id == request.user.pk:
        return record
    person = Membership.objects.for_org(request.org).filter(user=record.person).first()
    if person is None or not _may_read(request.membership, person, matrix.UnitTree([request.org.pk])):
        raise PermissionDenied
    return record


def _approvable(request, tree=None):
    """The memberships whose trainings this member may record and approve."""
    tree = tree or matrix.UnitTree([request.org.pk])
    people = list(matrix.working_memberships([request.org.pk]))
    return [m for m in people if services.may_approve(request.membership, m, tree)]


@org_view(roles=INSIDERS, methods=("GET",))
def catalogue(request):
    org = request.org
    Course.objects.ensure_starter(org)
    ctx = {
        "org": org,
        "courses": Course.objects.for_org(org).with_rules(),
        "is_manager": request.membership.role in MANAGERS,
        "reads_matrix": request.membership.role in REGISTER_READERS,
        "writes_plans": request.membership.role in OVERSEERS,
        "roles": dict(Role.choices),
        "settings": CompetenceSettings.of(org),
        "programme_trainings": request.membership.role in MANAGERS
        and ProgrammeParticipation.objects.filter(org=org).exists(),
    }
    return render(request, "competence/catalogue.html", ctx)


def _course_form(request, course):
    org = request.org
    form = CourseForm(request.POST or None, instance=course, org=org)
    if request.method == "POST" and form.is_valid():
        try:
            with form.guard(by=request.user):  # refused if someone saved the course after the form was opened
                services.course_save(org=org, course=form.instance, form_m2m=form.cleaned_data, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("competence:catalogue", org.slug)
    return render(request, "competence/course_form.html", {"org": org, "form": form, "course": course})


@org_view(roles=MANAGERS)
def course_create(request):
    return _course_form(request, Course(org=request.org))


@org_view(roles=MANAGERS)
def course_edit(request, pk):
    return _course_form(request, get_object_or_404(Course.objects.for_org(request.org), pk=pk))


def _person_page(request, membership, template):
    org = request.org
    today = timezone.localdate()
    year = today.year
    rows = matrix.build([membership], today, year=year)
    row = rows[0] if rows else matrix.Row(membership)
    ctx = {
        "org": org,
        "person": membership,
        "row": row,
        "cells": sorted(row.cells.values(), key=lambda c: (c.standing == Standing.CURRENT, c.course.order)),
        "records": Record.objects.for_org(org).filter(person=membership.user).select_related("course"),
        "settings": CompetenceSettings.of(org),
        "year": year,
        "own": membership.user_id == request.user.pk,
    }
    return render(request, template, ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def my_competence(request):
    Course.objects.ensure_starter(request.org)
    return _person_page(request, request.membership, "competence/person.html")


@org_view(roles=INSIDERS, methods=("GET",))
def person(request, pk):
    membership = get_object_or_404(
        Membership.objects.for_org(request.org).select_related("user", "unit"), pk=pk, role__in=CONTRIBUTORS
    )
    if not _may_read(request.membership, membership, matrix.UnitTree([request.org.pk])):
        raise PermissionDenied
    return _person_page(request, membership, "competence/person.html")


@org_view(roles=CONTRIBUTORS)
def record_create(request):
    org = request.org
    Course.objects.ensure_starter(org)
    others = _approvable(request)
    people = [request.membership] + [m for m in others if m.pk != request.membership.pk] if others else None
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = RecordForm(request.POST or None, request.FILES or None, org=org, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = data.get("person", request.user.pk)
        person = next((m.user for m in people or [request.membership] if m.user_id == chosen), None)
        try:
            record = services.record_add(
                org=org,
                person=person,
                course=data["course"],
                completed_on=data["completed_on"],
                hours=data["hours"],
                provider=data["provider"],
                note=data["note"],
                upload=data["certificate"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if record.status == RecordStatus.PENDING:
                messages.success(request, _("The training is recorded and waits for approval."))
            else:
                messages.success(request, _("The training is recorded."))
            return redirect("competence:record", org.slug, record.uuid)
    return render(request, "competence/record_form.html", {"org": org, "form": form})


@org_view(roles=INSIDERS)
def record_detail(request, uuid):
    org = request.org
    record = _record(request, uuid)
    person = Membership.objects.for_org(org).filter(user=record.person).first()
    approver = person is not None and services.may_approve(request.membership, person)
    may_edit = approver or (record.person_id == request.user.pk and record.status != RecordStatus.APPROVED)
    form = None
    if may_edit:
        initial = {"completed_on": record.completed_on, "hours": record.hours, "provider": record.provider}
        form = RecordEditForm(request.POST or None, request.FILES or None, initial={**initial, "note": record.note})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_update(
                    record=record,
                    completed_on=data["completed_on"],
                    hours=data["hours"],
                    provider=data["provider"],
                    note=data["note"],
                    upload=data["certificate"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The record is saved."))
                return redirect("competence:record", org.slug, record.uuid)
    elif request.method == "POST":
        raise PermissionDenied
    ctx = {
        "org": org,
        "record": record,
        "form": form,
        "approver": approver and record.status == RecordStatus.PENDING,
    }
    return render(request, "competence/record.html", ctx)


@org_view(roles=INSIDERS, methods=("GET",))
def certificate(request, uuid):
    record = _record(request, uuid)
    if not record.certificate:
        raise Http404
    return uploads.file_response(record.certificate, record.certificate_name, record.certificate_type, inline=True)


@org_view(roles=OVERSEERS, methods=("POST",))
def record_decide(request, uuid):
    record = _record(request, uuid)
    try:
        services.record_decide(record=record, approve=request.POST.get("decision") != "return", by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if record.status == RecordStatus.APPROVED:
            messages.success(request, _("The record is approved."))
        else:
            messages.success(request, _("The record is returned to the person."))
    return redirect("competence:approvals", request.org.slug)


@org_view(roles=OVERSEERS, methods=("GET",))
def approvals(request):
    org = request.org
    people = {m.user_id for m in _approvable(request)}
    waiting = Record.objects.for_org(org).pending().filter(person_id__in=people).select_related("person", "course")
    return render(request, "competence/approvals.html", {"org": org, "records": waiting})


@org_view(roles=OVERSEERS)
def event_create(request):
    org = request.org
    Course.objects.ensure_starter(org)
    people = _approvable(request)
    form = EventForm(request.POST or None, org=org, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        users = [m.user for m in people if m.user_id in set(data["people"])]
        hours = data["hours"] if data["hours"] is not None else data["course"].hours
        try:
            event = services.event_record(
                org=org,
                course=data["course"],
                held_on=data["completed_on"],
                hours=hours,
                provider=data["provider"] or data["course"].provider,
                people=users,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            n = event.records.count()
            messages.success(
                request,
                ngettext("The training is recorded for %(n)s person.", "The training is recorded for %(n)s people.", n)
                % {"n": n},
            )
            return redirect("competence:matrix", org.slug)
    return render(request, "competence/event_form.html", {"org": org, "form": form})


@org_view(roles=MANAGERS, methods=("GET",))
def programme_trainings(request):
    """The programme trainings the organisation's staff attended, each attendee line matched to a member or not."""
    today = timezone.localdate()
    found = attendance.trainings(request.org)
    for training in found:
        training.is_held = training.held(today)
    return render(request, "competence/programme_trainings.html", {"org": request.org, "trainings": found})


@org_view(roles=MANAGERS)
def programme_training(request, pk):
    """One programme training: its lines matched, and the action that makes them training records."""
    org = request.org
    row = get_object_or_404(attendance.attendances(org), event_id=pk)
    training = attendance.trainings(org, [row])[0]
    Course.objects.ensure_starter(org)
    form = None
    if training.recorded_as is None:
        form = ProgrammeTrainingForm(request.POST or None, org=org, event=training.event)
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            _made, records = services.programme_training_record(
                org=org,
                training=training,
                course=data.get("course"),
                new_course_name=data.get("new_course_name", ""),
                by=request.user,
            )
        except ValidationError as exc:
            if form is None:
                messages.error(request, " ".join(exc.messages))
                return redirect("competence:programme_training", org.slug, pk)
            add_service_errors(form, exc)
        else:
            if records:
                n = len(records)
                messages.success(
                    request,
                    ngettext(
                        "The training is recorded for %(n)s person.", "The training is recorded for %(n)s people.", n
                    )
                    % {"n": n},
                )
            else:
                messages.info(request, _("Nothing new to record: every matched attendee has this training already."))
            return redirect("competence:programme_training", org.slug, pk)
    ctx = {"org": org, "training": training, "form": form, "is_held": training.held()}
    return render(request, "competence/programme_training.html", ctx)


def _matrix(request):
    """The matrix rows this member may see, filtered by the page's unit, service and role; with its filters."""
    org = request.org
    today = timezone.localdate()
    tree = matrix.UnitTree([org.pk])
    units = list(Unit.objects.for_org(org))
    services_ = list(Service.objects.for_org(org))
    params = request.GET
    filters = {name: params.get(name, "") for name in ("unit", "service", "role", "show")}
    people = matrix.visible(list(matrix.working_memberships([org.pk])), request.membership, tree)
    if filters["unit"].isdigit():
        people = [m for m in people if tree.within(m.unit_id, int(filters["unit"]))]
    if filters["service"].isdigit():
        service = next((s for s in services_ if s.pk == int(filters["service"])), None)
        people = [m for m in people if service and service.unit_id and tree.within(m.unit_id, service.unit_id)]
    if filters["role"] in CONTRIBUTORS:
        people = [m for m in people if m.role == filters["role"]]
    courses = matrix.courses_for([org.pk])
    rows = matrix.build(people, today, courses=courses, tree=tree, year=today.year)
    if filters["show"] == "problems":
        rows = [row for row in rows if row.problems()]
    columns = matrix.columns(rows, courses)
    for row in rows:
        row.line = [row.cells.get(course.pk) for course in columns]
    return {
        "org": org,
        "rows": rows,
        "columns": columns,
        "totals": matrix.totals(rows),
        "filters": filters,
        "units": Unit.as_tree(units),
        "services": services_,
        "roles": [(r, Role(r).label) for r in Role.values if r in CONTRIBUTORS],
        "today": today,
        "settings": CompetenceSettings.of(org),
        "standings": Standing,
    }


@org_view(roles=REGISTER_READERS, methods=("GET",))
def matrix_page(request):
    Course.objects.ensure_starter(request.org)
    ctx = _matrix(request)
    ctx["may_record"] = request.membership.role in OVERSEERS
    return render(request, "competence/matrix.html", ctx)


@org_view(roles=REGISTER_READERS, methods=("GET",))
def matrix_download(request, fmt):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    ctx = _matrix(request)
    content = exports.matrix_xlsx(ctx) if fmt == "xlsx" else exports.matrix_pdf(ctx)
    return downloads.attachment(content, downloads.filename(request.org, _("competence matrix"), ext=fmt))


@org_view(roles=MANAGERS)
def settings_edit(request):
    org = request.org
    settings = CompetenceSettings.of(org)
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        services.settings_save(settings=form.instance, by=request.user)
        messages.success(request, _("Saved."))
        return redirect("competence:catalogue", org.slug)
    return render(request, "competence/settings.html", {"org": org, "form": form})


def _plan_units(request, tree):
    """The units whose plans this member may write: every unit for the managers, a unit head's own and below."""
    units = Unit.objects.for_org(request.org)
    if request.membership.role in MANAGERS:
        return units
    head = request.membership.unit_id
    return units.filter(pk__in=[u for u in tree.parent if head and tree.within(u, head)])


@org_view(roles=OVERSEERS, methods=("GET",))
def plans(request):
    org = request.org
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    tree = matrix.UnitTree([org.pk])
    found = list(
        TrainingPlan.objects.for_org(org).filter(year=year).select_related("unit").prefetch_related("items__course")
    )
    people = list(matrix.working_memberships([org.pk]))
    done = {}
    for row in (
        Record.objects.for_org(org)
        .approved()
        .filter(completed_on__year=year)
        .values("person_id", "course_id")
        .distinct()
    ):
        done.setdefault(row["course_id"], set()).add(row["person_id"])
    for plan in found:
        staff = {m.user_id for m in people if plan.unit_id is None or tree.within(m.unit_id, plan.unit_id)}
        plan.rows = [(item, len(done.get(item.course_id, set()) & staff)) for item in plan.items.all()]
        plan.planned_cost = sum(item.cost for item in plan.items.all())
    ctx = {"org": org, "plans": found, "year": year, "years": [year - 1, year, year + 1]}
    return render(request, "competence/plans.html", ctx)


def _plan_form(request, plan):
    org = request.org
    tree = matrix.UnitTree([org.pk])
    units = _plan_units(request, tree)
    whole_org = request.membership.role in MANAGERS
    form = PlanForm(request.POST or None, instance=plan, units=units, whole_org=whole_org)
    formset = PlannedCourseFormSet(request.POST or None, instance=plan, form_kwargs={"org": org}, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with form.guard(by=request.user):  # refused if someone saved the plan after the form was opened
                saved = services.plan_save(org=org, form=form, formset=formset, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training plan is saved."))
            return redirect(f"{reverse('competence:plans', args=[org.slug])}?year={saved.year}")
    ctx = {"org": org, "form": form, "formset": formset, "plan": plan}
    return render(request, "competence/plan_form.html", ctx)


@org_view(roles=OVERSEERS)
def plan_create(request):
    today = timezone.localdate()
    return _plan_form(request, TrainingPlan(org=request.org, year=today.year + (today.month >= 10)))


@org_view(roles=OVERSEERS)
def plan_edit(request, pk):
    plan = get_object_or_404(TrainingPlan.objects.for_org(request.org).select_related("unit"), pk=pk)
    if request.membership.role not in MANAGERS:
        tree = matrix.UnitTree([request.org.pk])
        head = request.membership.unit_id
        if plan.unit_id is None or not head or not tree.within(plan.unit_id, head):
            raise PermissionDenied
    return _plan_form(request, plan)
