"""What the work app itself contributes to its surfaces: the calendar's hand-made milestones (in My work for the
person responsible, and on the calendar), the notification verbs that belong to no one app, and the dashboard's "Waiting for you"."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.roles import INSIDERS

from . import items, notifications
from .models import Milestone


@surfaces.work_items
def responsible_milestones(user, today, memberships):
    """Coming milestones (trainings, audits, survey periods…) the person is responsible for.

    An event is never "overdue": it is listed until its last day, dated by its first. Only insiders see the calendar.
    """
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    milestones = Milestone.objects.filter(org_id__in=orgs, responsible=user).upcoming(today).select_related("org")
    return [
        surfaces.WorkItem(
            org=milestone.org,
            kind=milestone.get_kind_display(),
            title=milestone.title,
            url=milestone.get_absolute_url(),
            due_date=milestone.start_date,
            overdue=False,
            key=f"actions.milestone:{milestone.uuid}",  # the key reminders were logged by before the app moved
            detail=_("Responsible"),
            target=milestone,
        )
        for milestone in milestones
    ]


@surfaces.calendar_entries
def milestones(memberships, first, last, person):
    """Every milestone of the organisations where the viewer is an insider, in person's feed too."""
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    found = Milestone.objects.filter(org_id__in=orgs).overlapping(first, last).select_related("org")
    return [
        surfaces.CalendarEntry(
            org=milestone.org,
            kind=milestone.get_kind_display(),
            title=milestone.title,
            url=milestone.get_absolute_url(),
            start=milestone.start_date,
            end=milestone.end_date,
            key=f"milestone-{milestone.uuid}",  # the iCal UID calendar programs already know
            category=milestone.kind,
            description=milestone.description,
            changed_at=milestone.updated_at,
        )
        for milestone in found.order_by("start_date", "id")
    ]


@surfaces.notification_kinds
def kinds():
    return [
        # Whole sentences, so a translator never sees glued pieces. "actor" is the person who acted.
        surfaces.NotificationKind(notifications.STATUS, _("%(actor)s changed the status of “%(target)s”.")),
        surfaces.NotificationKind(notifications.RESPONSIBLE, _("%(actor)s made you responsible for “%(target)s”.")),
        surfaces.NotificationKind(notifications.OVERDUE, _("“%(target)s” is overdue.")),
    ]


WAITING_SHOWN = 8


@surfaces.dashboard_cards
def waiting_card(org, membership):
    """What in this organisation waits for this person's approval or check (My work's items marked `asks`)."""

    def context():
        waiting = items.waiting_items(membership.user, timezone.localdate(), org, {org.pk: membership})
        return {"items": waiting[:WAITING_SHOWN], "more": max(len(waiting) - WAITING_SHOWN, 0)}

    return surfaces.DashboardCard("work/_waiting_card.html", 5, context)
