"""The roll-up of person-centred outcomes per service and year (insiders: figures only, groups under five people
suppressed), and one person's data on request (JSON and PDF), which the identity-opening roles may take."""

import json

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib import downloads, pdf
from orgs.activity import record
from orgs.gate import org_view
from orgs.models import ActivityEntry, Service
from orgs.roles import INSIDERS, MANAGERS

from . import instruments, rollup, scoring, services
from .forms import RECORD_ROLES
from .models import Measurement, Plan
from .views import _person


@org_view(roles=INSIDERS, methods=("GET",))
def outcomes(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    data = rollup.load(request.org, timezone.datetime(year, 1, 1).date(), timezone.datetime(year, 12, 31).date())
    groups = [(_("All services"), rollup.table(data, None, today))]
    groups += [(s.name, rollup.table(data, s.pk, today)) for s in Service.objects.filter(org=request.org)]
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "groups": groups,
        "min_people": rollup.MIN_PEOPLE,
        "formula": scoring.GAS_FORMULA,
        "manages_instruments": request.membership.role in MANAGERS,
    }
    return render(request, "people/outcomes.html", context)


def _everything(person, org):
    """All Kokybė holds about one person, with their identity when one is kept (the caller may open it)."""
    identity = getattr(person, "identity", None) if not person.identity_erased_on else None
    plans = Plan.objects.filter(service_user=person).prefetch_related("goals", "reviews__levels").order_by("version")
    definitions = instruments.for_org(org)
    return {
        "reference": person.reference,
        "identity": (
            {"full_name": identity.full_name, "personal_code": identity.personal_code, "contacts": identity.contacts}
            if identity
            else None
        ),
        "services": [s.name for s in person.services.all()],
        "unit": str(person.unit or ""),
        "started": person.started,
        "ended": person.ended,
        "age_group": person.get_age_group_display(),
        "sex": person.get_sex_display(),
        "consent": {"given_on": person.consent_on, "by": person.get_consent_form_display()},
        "plans": [
            {
                "version": plan.version,
                "starts_on": plan.starts_on,
                "review_on": plan.review_on,
                "took_part": {"person": plan.with_person, "family": plan.with_family},
                "notes": plan.notes,
                "goals": [
                    {
                        "goal": goal.title,
                        "domain": goal.get_domain_display(),
                        "weight": goal.weight,
                        "baseline": goal.baseline,
                        "levels": {f"{level:+d}" if level else "0": text for level, text in goal.level_texts()},
                    }
                    for goal in plan.goals.all()
                ],
                "reviews": [
                    {
                        "reviewed_on": review.reviewed_on,
                        "t_score": round(review.t_score, 1) if review.t_score is not None else None,
                        "levels": {str(lv.goal.title): lv.level for lv in review.levels.all()},
                        "notes": review.notes,
                    }
                    for review in plan.reviews.all()
                ],
            }
            for plan in plans
        ],
        "measurements": [
            {
                "instrument": str(instruments.name(definitions.get(m.instrument, {"code": m.instrument}))),
                "taken_on": m.taken_on,
                "answered_by": m.get_respondent_display(),
                "form": m.get_version_display(),
                "scores": {
                    instruments.domain_label(definitions.get(m.instrument, {}), k): v for k, v in m.scores.items()
                },
            }
            for m in Measurement.objects.filter(service_user=person).order_by("taken_on", "pk")
        ],
    }


def _export(request, reference, ext):
    person = _person(request, reference)
    if not services.may_open_identity(request.membership):
        raise PermissionDenied
    data = _everything(person, request.org)
    record(
        org=request.org,
        by=request.user,
        verb=ActivityEntry.Verb.EXPORTED,
        target=person,
        target_repr=person.reference,
        changes={"format": ["", ext]},
        labels={"format": "format"},
    )
    name = downloads.filename(person.reference, _("personal data"), timezone.localdate(), ext=ext)
    if ext == "json":
        content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        return downloads.attachment(content, name, content_type="application/json; charset=utf-8")
    html = render_to_string("people/pdf/person.html", {"data": data, "person": person, "org": request.org})
    return downloads.attachment(pdf.render_pdf(html), name)


@org_view(roles=RECORD_ROLES, methods=("GET",))
def export_json(request, reference):
    return _export(request, reference, "json")


@org_view(roles=RECORD_ROLES, methods=("GET",))
def export_pdf(request, reference):
    return _export(request, reference, "pdf")
