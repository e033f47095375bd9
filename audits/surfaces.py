"""What audits contribute to the shared surfaces (kokybe/surfaces.py): on My work and in the reminder digest,
certificate expiry reminders for the managers and the audits a person leads or is on the team of."""

from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.roles import INSIDERS, MANAGERS

from .models import Audit, Certificate


@surfaces.work_items
def certificate_reminders(user, today, memberships):
    """The certificate whose expiry is 180, 90 or 30 days away (or nearer), for the director and the coordinator.

    The key names the threshold, and it is reminded once (`remind_once`): once a digest has carried it the item is
    not offered again, so each of the three reminders goes out once. It is dated today so the digest, which sends what is due now, takes it.
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
    return [
        surfaces.WorkItem(
            org=c.org,
            kind=_("Certificate renewal"),
            title=_("Certificate %(reference)s expires on %(date)s") % {"reference": c.reference, "date": c.expires_on},
            url=c.get_absolute_url(),
            due_date=today,
            overdue=False,
            key=keys[c.pk],
            detail=_("%(days)s days left") % {"days": c.days_left(today)},
            target=c,
            remind_once=True,
        )
        for c, _threshold in due
    ]


@surfaces.work_items
def my_audits(user, today, memberships):
    """Open audits the person leads or is on the team of, dated by their start. One the person is already responsible
    for on the quality calendar shows there (the work app's milestone contribution), not twice."""
    orgs = [org_id for org_id, m in memberships.items() if m.role in INSIDERS]
    audits = (
        Audit.objects.filter(org_id__in=orgs)
        .open()
        .with_team(user)
        .exclude(milestone__responsible=user)
        .select_related("org")
    )
    return [
        surfaces.WorkItem(
            org=audit.org,
            kind=audit.get_kind_display(),
            title=audit.title,
            url=audit.get_absolute_url(),
            due_date=audit.planned_start,
            overdue=False,
            key=f"audits.audit:{audit.pk}",
            detail=_("Lead auditor") if audit.lead_auditor_id == user.pk else _("Audit team"),
            target=audit,
        )
        for audit in audits
    ]
