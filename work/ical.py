"""A person's calendar feed (iCalendar, RFC 5545): what the quality calendar shows them (every app's calendar entries:
their own open actions' due dates, their organisations' milestones, document reviews, survey periods…).

The address is secret and works without a login, because calendar programs cannot sign in; so it carries only what
the person may see today (active memberships; milestones only where they are an insider) and can be revoked.
"""

from datetime import UTC, date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from . import calendar
from .items import active_memberships
from .models import CalendarFeed

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
    """The feed as iCalendar bytes, in the owner's language: every app's calendar entries for this person, from a
    year back on (see `calendar_entries` in kokybe/surfaces.py)."""
    today = today or timezone.localdate()
    user = feed.user
    memberships = active_memberships(user, today)
    entries = calendar.entries_for(memberships, today - timedelta(days=PAST_DAYS), date.max, person=user)
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
        stamp = timezone.now()
        for entry in entries:
            url = settings.SITE_URL + entry.url
            title = _("Due: %(action)s") % {"action": entry.title} if entry.deadline else entry.title
            description = f"{entry.kind} · {entry.org.name}\n{entry.description}\n{url}".replace("\n\n", "\n")
            event = _event(
                f"{entry.key}@kokybe",
                _summary(title, entry.org),
                entry.start,
                entry.last,
                entry.changed_at or stamp,
                url,
                description,
            )
            event.add("categories", [str(entry.kind)])
            cal.add_component(event)
    return cal.to_ical()
