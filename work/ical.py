"""A person's calendar feed (iCalendar, RFC 5545): their open actions' due dates and their organisations' milestones.

The address is secret and works without a login, because calendar programs cannot sign in; so it carries only what
the person may see today (active memberships; milestones only where they are an insider) and can be revoked.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from actions.models import ImprovementAction
from orgs.roles import INSIDERS

from .items import active_memberships
from .models import CalendarFeed, Milestone

# Calendar programs show history too, but a feed of every event since 2018 only grows: a year back is enough.
PAST_DAYS = 365
ONE_DAY = timedelta(days=1)


@transaction.atomic
def feed_regenerate(*, user):
    """A new secret address for `user`; the old one (if any) stops working at once."""
    feed_revoke(user=user)
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def feed_revoke(*, user):
    return CalendarFeed.objects.filter(user=user).active().update(revoked_at=timezone.now())


def _event(uid, summary, first, last, stamp, url, description):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", summary)
    event.add("dtstart", first)
    event.add("dtend", last + ONE_DAY)  # all-day events end on the (exclusive) next day
    event.add("transp", "TRANSPARENT")  # a deadline or an audit day does not make the person "busy"
    event.add("url", url)
    event.add("description", description)
    return event


def _summary(title, org):
    return f"{title} · {org}"


def feed_calendar(feed, today=None):
    """The feed as iCalendar bytes, in the owner's language."""
    today = today or timezone.localdate()
    user = feed.user
    memberships = active_memberships(user, today)
    insider_orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    actions = (
        ImprovementAction.objects.filter(org_id__in=memberships, due_date__isnull=False)
        .open()
        .filter(Q(owner=user) | Q(participants=user))
        .distinct()
        .select_related("org")
        .order_by("due_date", "pk")
    )
    milestones = (
        Milestone.objects.filter(org_id__in=insider_orgs)
        .upcoming(today - timedelta(days=PAST_DAYS))
        .select_related("org")
        .order_by("start_date", "pk")
    )
    with translation.override(user.language):
        cal = Calendar()
        cal.add("prodid", "-//Kokybė//Quality calendar//LT")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _("Kokybė: %(name)s") % {"name": user.get_full_name()})
        cal.add("x-wr-caldesc", _("Due dates of your improvement actions and your organisations' quality calendar."))
        cal.add("refresh-interval", vDuration(timedelta(hours=1)), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(timedelta(hours=1)))
        for action in actions:
            url = settings.SITE_URL + action.get_absolute_url()
            summary = _("Due: %(action)s") % {"action": action}
            description = f"{action.org.name}\n{action.get_status_display()}\n{url}"
            uid = f"action-{action.uuid}@kokybe"
            cal.add_component(
                _event(
                    uid,
                    _summary(summary, action.org),
                    action.due_date,
                    action.due_date,
                    action.updated_at,
                    url,
                    description,
                )
            )
        for milestone in milestones:
            url = settings.SITE_URL + milestone.get_absolute_url()
            description = (
                f"{milestone.get_kind_display()} · {milestone.org.name}\n{milestone.description}\n{url}".replace(
                    "\n\n", "\n"
                )
            )
            uid = f"milestone-{milestone.uuid}@kokybe"
            event = _event(
                uid,
                _summary(milestone.title, milestone.org),
                milestone.start_date,
                milestone.last_date,
                milestone.updated_at,
                url,
                description,
            )
            event.add("categories", [milestone.get_kind_display()])
            cal.add_component(event)
    return cal.to_ical()
