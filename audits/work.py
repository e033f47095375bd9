"""My work and the reminder digest (actions.work): certificate expiry reminders for the managers, and the audits
a person leads or is on the team of."""

from django.utils.translation import gettext_lazy as _

from orgs.roles import INSIDERS, MANAGERS
from work.items import WorkItem, provider
from work.models import ReminderLog

from .models import Audit, Certificate


@provider
def certificate_reminders(user, today, memberships):
    """The certificate whose expiry is 180, 90 or 30 days away (or nearer), for the director and the coordinator.

    The key names the threshold, and once a digest has carried it the item is not offered again: each of the
    three reminders goes out once. It is dated today so the digest, which sends what is due now, takes it.
    """
    orgs = [org_id for org_id, m in memberships.items() if m.role in MANAGERS]
    if not orgs:
        return []
    certificates = Certificate.objects.filter(org_id__in=orgs).valid(today).not_superseded().select_related("org")
    due = [(c, c.reminder_due(today)) for c in certificates]
    due = [(c, threshold) for c, threshold in due if threshold is not None]
    if not due:
        return []
    keys = {c.pk: f"audits.certificate:{c.pk}:{threshold}" for c, threshold in due}
    sent = set(
        ReminderLog.objects.filter(user=user, item_key__in=keys.values(), sent_on__lt=today).values_list(
            "item_key", flat=True
        )
    )
    return [
        WorkItem(
            org=c.org,
            kind=_("Certificate renewal"),
            title=_("Certificate %(reference)s expires on %(date)s") % {"reference": c.reference, "date": c.expires_on},
            url=c.get_absolute_url(),
            due_date=today,
            overdue=False,
            key=keys[c.pk],
            detail=_("%(days)s days left") % {"days": c.days_left(today)},
            target=c,
        )
        for c, _threshold in due
        if keys[c.pk] not in sent
    ]


@provider
def my_audits(user, today, memberships):
    """Open audits the person leads or is on the team of, dated by their start. One the person is already responsible
    for on the quality calendar shows there (actions.work's milestone provider), not twice."""
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    audits = (
        Audit.objects.filter(org_id__in=orgs)
        .open()
        .with_team(user)
        .exclude(milestone__responsible=user)
        .select_related("org")
    )
    return [
        WorkItem(
            org=audit.org,
            kind=audit.get_kind_display(),
            title=audit.title,
            url=audit.get_absolute_url(),
            due_date=audit.planned_start,
            overdue=False,
            key=f"audits.audit:{audit.pk}",
            detail=_("Lead auditor") if audit.lead_auditor_id == user.pk else _("Audit team"),
            target=audit,
            asks=True,
        )
        for audit in audits
    ]
