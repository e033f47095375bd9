"""Changes to the quality calendar's milestones: validated, logged, and the responsible person told."""

from django.db import transaction

from orgs import services as org_services

from . import notifications


@transaction.atomic
def milestone_save(*, form, by):
    """Create or update a milestone from its form (one activity entry); a newly responsible person is notified."""
    milestone = form.instance
    creating = milestone._state.adding
    if creating:
        milestone.created_by = by
    responsible_changed = creating or "responsible" in form.changed_data
    milestone = org_services.form_save(form=form, org=milestone.org, by=by)
    if responsible_changed and milestone.responsible_id:
        notifications.notify(
            user=milestone.responsible, org=milestone.org, verb=notifications.RESPONSIBLE, target=milestone, by=by
        )
    return milestone


@transaction.atomic
def milestone_delete(*, milestone, by):
    org_services.object_delete(obj=milestone, org=milestone.org, by=by)
