"""In-app notifications: one call, `notify(*, user, org, verb, target, by)`, for every app.

`verb` is one an app declared in its `notification_kinds` contribution (kokybe/surfaces.py), with the whole sentence a
reader sees, chosen per verb in the reader's language when shown: this module names no app and knows no app's verbs.
`target` is a model instance with get_absolute_url(); its address and title are copied at once. Nobody is told about
their own act, and nobody is told about an organisation they no longer belong to (the link would only 404).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.models import Membership

from .models import Notification

# The verbs the work app itself sends; every other app declares its own in its surfaces.py (notification_kinds).
STATUS = "status"  # shared by every app whose objects have a status
RESPONSIBLE = "responsible"  # a calendar milestone's responsible person
OVERDUE = "overdue"  # the reminder run, for My work items


# A status change that knows its two ends says them.
STATUS_FROM_TO = _("%(actor)s changed the status of “%(target)s” from “%(before)s” to “%(after)s”.")


def sentences():
    """verb → whole sentence, from every app's `notification_kinds` (kokybe/surfaces.py)."""
    return surfaces.notification_sentences()


def notify(*, user, org, verb, target, by, change=None):
    """Leave `user` a notification that `by` did `verb` to `target`; returns it, or None when nobody is told.

    `change` is a status change's (label before, label after): the sentence then says from what to what."""
    known = sentences()
    if verb not in known:
        raise ValueError(
            f"Unknown notification verb {verb!r}; use one of {sorted(known)} or declare it in a notification_kinds "
            "contribution (kokybe/surfaces.py)."
        )
    if user is None or (by is not None and by.pk == user.pk) or not user.is_active:
        return None
    if org is not None and not Membership.objects.for_org(org).active().filter(user=user).exists():
        return None
    return Notification.objects.create(
        user=user,
        org=org,
        actor=by,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_url=target.get_absolute_url(),
        target_title=str(target)[:255],
        # Kept as the labels' English source text and translated when shown, so each reader sees them in their
        # own language, not in the language of the person who made the change.
        status_before=_source_text(change[0]) if change else "",
        status_after=_source_text(change[1]) if change else "",
    )


def notify_each(recipients, *, org, target, by, members=None):
    """Tell several people about one `target` at once — `recipients` are (user, verb) pairs — in one insert.

    `members` is the set of user ids the caller already knows to be active members of `org`; without it they are
    read in one query. The rules are notify()'s: not the person who acted, not an inactive account or a non-member."""
    known = sentences()
    wanted = {}
    for user, verb in recipients:
        if verb not in known:
            raise ValueError(f"Unknown notification verb {verb!r}.")
        if user is not None and user.is_active and (by is None or by.pk != user.pk):
            wanted.setdefault(user.pk, (user, verb))
    if org is not None and wanted:
        if members is None:
            members = set(
                Membership.objects.for_org(org).active().filter(user_id__in=wanted).values_list("user_id", flat=True)
            )
        wanted = {pk: pair for pk, pair in wanted.items() if pk in members}
    if not wanted:
        return []
    target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    url, title = target.get_absolute_url(), str(target)[:255]
    rows = [
        Notification(
            user=user,
            org=org,
            actor=by,
            verb=verb,
            target_type=target_type,
            target_id=str(target.pk),
            target_url=url,
            target_title=title,
        )
        for user, verb in wanted.values()
    ]
    return Notification.objects.bulk_create(rows)


def _source_text(label):
    with translation.override("en"):
        return str(label)[:80]


def notification_text(notification):
    actor = notification.actor.get_full_name() if notification.actor_id else "Kokybė"
    if notification.verb == STATUS and notification.status_after:
        return STATUS_FROM_TO % {
            "actor": actor,
            "target": notification.target_title,
            "before": gettext(notification.status_before),
            "after": gettext(notification.status_after),
        }
    template = sentences().get(notification.verb)
    if template is None:  # a verb retired since the row was written: still show where it points
        return notification.target_title
    return template % {"actor": actor, "target": notification.target_title}


def unread_count(user):
    return Notification.objects.for_user(user).unread().count()


def counts(user):
    """(all, unread) in one query, for the list page's heading."""
    result = Notification.objects.for_user(user).aggregate(total=Count("pk"), unread=Count("pk", Q(read_at=None)))
    return result["total"], result["unread"]


def mark_read(*, user, pk=None):
    """Mark one of the user's notifications (or, without pk, all of them) read; returns how many changed."""
    unread = Notification.objects.for_user(user).unread()
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def notify_overdue(*, user, items):
    """In-app "is overdue" notices for My work items (see work.items.WorkItem); made by the reminder run."""
    rows = []
    for item in items:
        target = item.target
        rows.append(
            Notification(
                user=user,
                org=item.org,
                verb=OVERDUE,
                target_type=ContentType.objects.get_for_model(target, for_concrete_model=False) if target else None,
                target_id=str(target.pk) if target else "",
                target_url=item.url,
                target_title=str(item.title)[:255],
            )
        )
    return Notification.objects.bulk_create(rows)
