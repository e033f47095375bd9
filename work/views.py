"""A person's own pages across organisations: My work, notifications, and the secret calendar-feed address.

These are not under /o/<org>/: they gather what the person may see in every organisation they actively belong to.
"""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kokybe.lib import downloads
from kokybe.lib.redirects import safe_next

from . import ical, notifications
from . import items as work
from .models import CalendarFeed, Notification

NOTIFICATIONS_PER_PAGE = 50
MY_WORK_PER_PAGE = 50


@require_GET
@login_required
def my_work(request):
    today = timezone.localdate()
    memberships = work.active_memberships(request.user, today)
    items = work.items_for(request.user, today, memberships)
    organisations = sorted((m.org for m in memberships.values()), key=str)
    counts = Counter(item.org.pk for item in items)
    # A person in many organisations (a programme's consultant in 50) narrows the list to one of them; either way it
    # comes MY_WORK_PER_PAGE items a page, overdue first, so the page stays small. The counts cover every item.
    chosen = next((org for org in organisations if org.slug == request.GET.get("org")), None)
    shown = [item for item in items if item.org.pk == chosen.pk] if chosen else items
    ctx = {
        "items": items,
        "overdue_count": sum(item.overdue for item in items),
        "organisations": organisations,
        "org_choices": [(org, counts[org.pk]) for org in organisations if counts[org.pk]],
        "chosen": chosen,
        "page": Paginator(shown, MY_WORK_PER_PAGE).get_page(request.GET.get("page")),
        "today": today,
    }
    return render(request, "work/my_work.html", ctx)


def _notifications_page(request, oob=False):
    found = Notification.objects.for_user(request.user).select_related("actor", "org")
    page = Paginator(found, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {"page": page, "notifications_unread": notifications.unread_count(request.user), "oob": oob}
    template = "work/notifications.html#list" if oob else "work/notifications.html"
    return render(request, template, ctx)


@require_GET
@login_required
def notification_list(request):
    return _notifications_page(request)


def _back(request):
    if request.htmx:
        return _notifications_page(request, oob=True)
    return redirect(safe_next(request, "me:notifications"))


@require_POST
@login_required
def notification_read(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notifications.mark_read(user=request.user, pk=notification.pk)
    return _back(request)


@require_POST
@login_required
def notifications_read_all(request):
    changed = notifications.mark_read(user=request.user)
    if not request.htmx:
        messages.success(request, _("All notifications are marked as read.") if changed else _("Nothing was unread."))
    return _back(request)


@require_GET
@login_required
def calendar_feed(request):
    feed = CalendarFeed.objects.active().filter(user=request.user).first()
    url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(request, "work/calendar_feed.html", {"feed": feed, "feed_url": url})


@require_POST
@login_required
def calendar_feed_regenerate(request):
    had_one = CalendarFeed.objects.active().filter(user=request.user).exists()
    ical.feed_regenerate(user=request.user)
    if had_one:
        messages.success(request, _("A new address is made. The old one no longer works: update your calendar."))
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar program."))
    return redirect("me:calendar_feed")


@require_POST
@login_required
def calendar_feed_revoke(request):
    if ical.feed_revoke(user=request.user):
        messages.success(request, _("The calendar address is switched off. Calendars using it get nothing more."))
    return redirect("me:calendar_feed")


@require_GET
def ical_feed(request, token):
    """Public by secret: calendar programs fetch it without a session. A revoked or unknown token is a 404."""
    feed = get_object_or_404(CalendarFeed.objects.active().select_related("user"), token=token, user__is_active=True)
    response = downloads.attachment(ical.feed_calendar(feed), "kokybe.ics", inline=True, private=False)
    response["Cache-Control"] = "private, max-age=300"  # calendar programs poll; five minutes old is fresh enough
    response["X-Robots-Tag"] = "noindex"
    return response
