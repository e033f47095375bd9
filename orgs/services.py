"""Changes to organisations, units, services and memberships: atomic, validated, logged."""

from django.db import transaction

from . import activity
from .models import ActivityEntry


@transaction.atomic
def form_save(*, form, org, by):
    """Save a ModelForm of a tenant row with one activity entry listing the changed fields.

    Used for the plain create/update pages of this app; anything with more side effects gets its own service.
    """
    instance = form.instance
    creating = instance.pk is None
    fields = [f for f in form.changed_data if f in {fl.name for fl in instance._meta.get_fields()}]
    before = {} if creating else activity.snapshot(type(instance).objects.get(pk=instance.pk), fields)
    obj = form.save(commit=False)
    obj.full_clean()
    obj.save()
    form.save_m2m()
    after = activity.snapshot(obj, fields)
    verb = ActivityEntry.Verb.CREATED if creating else ActivityEntry.Verb.UPDATED
    changes = activity.diff(before, after)
    if creating or changes:
        activity.record(org=org, by=by, verb=verb, target=obj, changes=changes)
    return obj


@transaction.atomic
def object_delete(*, obj, org, by):
    repr_ = str(obj)
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.DELETED, target=obj, target_repr=repr_)
    obj.delete()


@transaction.atomic
def membership_update(*, membership, form, by):
    return form_save(form=form, org=membership.org, by=by)


@transaction.atomic
def membership_remove(*, membership, by):
    activity.record(
        org=membership.org,
        by=by,
        verb=ActivityEntry.Verb.REMOVED,
        target=membership.user,
        changes={"role": [membership.get_role_display(), ""]},
    )
    membership.delete()
