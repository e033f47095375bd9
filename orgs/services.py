"""Changes to organisations, units, services and memberships: atomic, validated, logged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from . import activity
from .models import ActivityEntry, Membership, dependants
from .roles import Role

if TYPE_CHECKING:
    from django import forms
    from django.db import models

    from accounts.models import User

    from .models import Organisation


class InUse(ValidationError):
    """Refusal to delete a row that other records still use; `dependants` lists them as (label, count)."""

    def __init__(self, obj: object, found: list[tuple[str, int]]) -> None:
        self.dependants = found
        super().__init__(
            _("“%(object)s” cannot be deleted while other records use it. Move or delete them first.")
            % {"object": obj},
            code="in_use",
        )


def _model_fields(form: forms.ModelForm[Any]) -> list[str]:
    names = {f.name for f in form.instance._meta.get_fields() if f.concrete}
    return [name for name in form.fields if name in names]


@transaction.atomic
def form_save[M: models.Model](*, form: forms.ModelForm[M], org: Organisation, by: User) -> M:
    """Save a ModelForm of a tenant row (or the organisation itself) with one activity entry of the changed fields.

    Used for the plain create/update pages of this app; anything with more side effects gets its own service.
    """
    instance = form.instance
    creating = instance._state.adding
    fields = _model_fields(form) if creating else [f for f in form.changed_data if f in _model_fields(form)]
    # The form has already written the posted values onto form.instance: read "before" from the database.
    before = {} if creating else activity.snapshot(type(instance)._base_manager.get(pk=instance.pk), fields)
    obj = form.save(commit=False)
    obj.full_clean()
    obj.save()
    form.save_m2m()
    changes = activity.diff(before, activity.snapshot(obj, fields))
    if creating or changes:
        verb = ActivityEntry.Verb.CREATED if creating else ActivityEntry.Verb.UPDATED
        activity.record(org=org, by=by, verb=verb, target=obj, changes=changes)
    return obj


@transaction.atomic
def object_delete(*, obj: models.Model, org: Organisation, by: User) -> None:
    """Delete a unit, service or similar row, or refuse (InUse) while anything still points at it: no half-deletes."""
    found = dependants(obj)
    if found:
        raise InUse(obj, found)
    activity.record(org=org, by=by, verb=ActivityEntry.Verb.DELETED, target=obj, target_repr=str(obj))
    try:
        obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise InUse(obj, []) from exc


def _other_directors(membership: Membership) -> list[int]:
    # Locked so two managers demoting the two last directors at once cannot both succeed (PostgreSQL).
    others = (
        Membership.objects.for_org(membership.org)
        .active()
        .filter(role=Role.DIRECTOR)
        .exclude(pk=membership.pk)
        .select_for_update()
    )
    return list(others.values_list("pk", flat=True))


def check_membership_change(
    *, membership: Membership, by: User, new_role: str | None = None, removing: bool = False
) -> None:
    """The membership rules: nobody changes their own role or removes themselves; the last director stays."""
    current = Membership.objects.get(pk=membership.pk)
    if current.user_id == by.pk:
        if removing:
            raise ValidationError(_("You cannot remove yourself from the organisation."), code="self")
        if new_role != current.role:
            raise ValidationError({"role": _("You cannot change your own role.")}, code="self")
    if current.role == Role.DIRECTOR and (removing or new_role != Role.DIRECTOR) and not _other_directors(current):
        message = _("The organisation needs at least one director. Appoint another director first.")
        raise ValidationError(message if removing else {"role": message}, code="last_director")


@transaction.atomic
def membership_update(*, form: forms.ModelForm[Membership], by: User) -> Membership:
    check_membership_change(membership=form.instance, by=by, new_role=form.cleaned_data["role"])
    return form_save(form=form, org=form.instance.org, by=by)


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    check_membership_change(membership=membership, by=by, removing=True)
    activity.record(
        org=membership.org,
        by=by,
        verb=ActivityEntry.Verb.REMOVED,
        target=membership,
        target_repr=str(membership.user),
        changes={"role": [membership.get_role_display(), ""]},
    )
    membership.delete()
