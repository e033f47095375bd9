"""Prevention figures for the yearly review of the violence-prevention procedure: counts only, no personal data.

A count between 1 and SUPPRESS_BELOW - 1 is shown as "fewer than 5" (a small number in a small service can point at a
person); zero stays zero. The same figures feed the management review, the progress report and the results.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Count

from kokybe.lib.workdays import VILNIUS

from .models import Event, EventType, Notice

SUPPRESS_BELOW = 5


def local_bounds(first, last):
    """Aware datetimes from local midnight of `first` to local midnight after `last` (Europe/Vilnius)."""
    return (
        datetime.combine(first, time.min, tzinfo=VILNIUS),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=VILNIUS),
    )


def shown(count):
    """The count as it may be published: 0, or at least SUPPRESS_BELOW, else None (suppressed)."""
    return count if count == 0 or count >= SUPPRESS_BELOW else None


@dataclass
class Figures:
    first: date
    last: date
    total: int = 0
    by_type: list = field(default_factory=list)  # [(label, count or None)]
    service_users: int = 0
    per_100: float | None = None
    notices: int = 0
    on_time: int = 0
    on_time_share: float | None = None
    median_hours: float | None = None
    repeats: int = 0

    @property
    def total_shown(self):
        return shown(self.total)

    @property
    def repeats_shown(self):
        return shown(self.repeats)


def events_in(org, first, last):
    start, end = local_bounds(first, last)
    return Event.objects.for_org(org).filter(aware_at__gte=start, aware_at__lt=end)


def service_users_on(org, day):
    from people.models import ServiceUser

    return ServiceUser.objects.for_org(org).current(day).count()


def compute(org, first, last, now=None):
    events = events_in(org, first, last)
    counts = dict(events.values_list("type").annotate(n=Count("pk")).values_list("type", "n"))
    result = Figures(first=first, last=last)
    result.total = sum(counts.values())
    result.by_type = [(label, shown(counts.get(value, 0))) for value, label in EventType.choices]
    result.service_users = service_users_on(org, last)
    if result.service_users and result.total:
        result.per_100 = round(result.total * 100 / result.service_users, 1)
    start, end = local_bounds(first, last)
    judged = list(
        Notice.objects.filter(event__org=org, event__aware_at__gte=start, event__aware_at__lt=end)
        .exclude(status=Notice.Status.NOT_APPLICABLE)
        .values_list("status", "sent_at", "due_at", "event__aware_at")
    )
    result.notices = len(judged)
    result.on_time = sum(1 for status, sent, due, _aware in judged if status == Notice.Status.SENT and sent <= due)
    if judged:
        result.on_time_share = round(100 * result.on_time / len(judged), 1)
    hours = [(sent - aware).total_seconds() / 3600 for status, sent, _due, aware in judged if sent is not None]
    if hours:
        result.median_hours = round(median(hours), 1)
    # Repeats: events of the period whose person had an earlier event within the 12 months before it.
    people = list(events.exclude(service_user=None).values_list("service_user_id", "aware_at"))
    earlier = Event.objects.for_org(org).filter(
        service_user_id__in={p for p, _a in people}, aware_at__gte=start - timedelta(days=365), aware_at__lt=end
    )
    history = {}
    for person, aware in earlier.values_list("service_user_id", "aware_at"):
        history.setdefault(person, []).append(aware)
    result.repeats = sum(
        1 for person, aware in people if any(aware - timedelta(days=365) <= a < aware for a in history[person])
    )
    return result


def for_year(org, year):
    return compute(org, date(year, 1, 1), date(year, 12, 31))
