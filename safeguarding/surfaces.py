"""What safeguarding shows on the shared surfaces: nothing of a case's content, ever.

Notifications, mail and My work name a case by its number ("SG-12") and link to it; the figures offered to the
management review, the progress report and the results are counts without personal data, small ones suppressed.
The calendar carries nothing: a dated entry would tell every insider that a case exists.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe import surfaces

from . import figures
from .models import Lead, Notice
from .services import ADDED, BREAK_GLASS, OVERDUE, RECORDED


@surfaces.notification_kinds
def kinds():
    return [
        surfaces.NotificationKind(RECORDED, gettext_lazy("%(actor)s recorded safeguarding event %(target)s.")),
        surfaces.NotificationKind(
            BREAK_GLASS, gettext_lazy("%(actor)s opened safeguarding case %(target)s break-glass.")
        ),
        surfaces.NotificationKind(
            OVERDUE, gettext_lazy("A notification to an authority is overdue in case %(target)s.")
        ),
        surfaces.NotificationKind(ADDED, gettext_lazy("%(actor)s added you to safeguarding case %(target)s.")),
    ]


@surfaces.work_items
def notices_to_send(user, today, memberships):
    # Leads only; the item names the case number and links to it (its page applies the visibility rule).
    orgs = list(Lead.objects.filter(user=user, org_id__in=list(memberships)).values_list("org_id", flat=True))
    if not orgs:
        return []
    notices = Notice.objects.pending().filter(event__org_id__in=orgs).select_related("event__org")
    now = timezone.now()
    return [
        surfaces.WorkItem(
            org=n.event.org,
            kind=_("Notification to an authority"),
            title=str(n.event),
            url=n.get_absolute_url(),
            due_date=timezone.localtime(n.due_at).date(),
            overdue=n.due_at < now,
            key=f"safeguarding.notice:{n.event.uuid}:{n.pk}",
        )
        for n in notices
    ]


def _count(value):
    return _("fewer than 5") if value is None else str(value)


def _lines(result):
    lines = [_("Safeguarding events: %(n)s") % {"n": _count(result.total_shown)}]
    if result.total_shown:
        lines += [f"{label}: {_count(count)}" for label, count in result.by_type if count != 0]
        if result.per_100 is not None:
            lines.append(_("Per 100 service users: %(n)s") % {"n": result.per_100})
    if result.on_time_share is not None:
        lines.append(_("Notifications sent on time: %(share)s %%") % {"share": result.on_time_share})
    return lines


@surfaces.review_inputs
def review_input(org, today):
    result = figures.compute(org, today - timedelta(days=364), today)
    return surfaces.ReviewInput("safeguarding", 55, _("Safeguarding (counts only)"), _lines(result))


@surfaces.progress_report
def progress_text(org, year):
    result = figures.for_year(org, year)
    if not result.total:
        return None
    text = (
        _("Safeguarding: the violence-prevention procedure in figures.")
        + "\n"
        + "\n".join(f"- {line}" for line in _lines(result))
    )
    return surfaces.ProgressText("actions_text", 60, text)


def _per_100(org, first, last):
    result = figures.compute(org, first, last)
    if not result.service_users:
        return None
    return surfaces.Measure(
        value=round(result.total * 100 / result.service_users, 1),
        numerator=result.total,
        denominator=result.service_users,
        records=result.total,
    )


def _on_time(org, first, last):
    result = figures.compute(org, first, last)
    if not result.notices:
        return None
    return surfaces.Measure(
        value=result.on_time_share, numerator=result.on_time, denominator=result.notices, records=result.notices
    )


@surfaces.result_sources
def results():
    return [
        surfaces.ResultSource(
            code="safeguarding.events_per_100",
            name=gettext_lazy("Safeguarding events per 100 service users"),
            unit="per100",
            compute=_per_100,
            principles=("3", "4"),
            higher_is_better=False,
            description=gettext_lazy(
                "Events recorded in the period (by the day the organisation became aware) per "
                "100 people receiving a service on its last day."
            ),
        ),
        surfaces.ResultSource(
            code="safeguarding.notified_on_time",
            name=gettext_lazy("Safeguarding notifications sent on time"),
            unit="%",
            compute=_on_time,
            principles=("3", "4"),
            description=gettext_lazy(
                "Notifications to authorities sent by their legal due time, of those owed for "
                "events of the period (not applicable ones left out)."
            ),
        ),
    ]


# The principles the violence-prevention procedure evidences (EQUASS: Rights, Ethics).
EVIDENCE_PRINCIPLES = ("3", "4")


def _figure_offers(org, answer, attached):
    """The last twelve months' prevention figures, as a record reference with counts only, for indicators of the
    Rights and Ethics principles."""
    if answer.indicator.criterion.principle.code not in EVIDENCE_PRINCIPLES:
        return []
    today = timezone.localdate()
    result = figures.compute(org, today - timedelta(days=364), today)
    if not result.total:
        return []
    title = _("Safeguarding prevention figures %(first)s – %(last)s") % {
        "first": result.first.isoformat(),
        "last": result.last.isoformat(),
    }
    reference = "; ".join(_lines(result))[:255]
    if reference in {item.reference for item in attached}:
        return []
    return [
        surfaces.EvidenceOffer(
            kind=_("Safeguarding (counts only)"),
            title=title,
            url=reverse("safeguarding:figures", args=[org.slug]),
            detail=reference,
            fields={"kind": "record", "title": title, "reference": reference},
        )
    ]


@surfaces.evidence_kinds
def prevention_figures():
    return surfaces.EvidenceKind("safeguarding_figures", 60, offers=_figure_offers)
