"""Invitations: offering a membership by e-mail, and taking it up. Atomic, validated, logged; mail after commit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe.lib import mail
from orgs import activity
from orgs.models import ActivityEntry, Membership
from orgs.roles import Role

from .models import Invitation, SecondFactorPolicy, User, new_token

if TYPE_CHECKING:
    from orgs.models import Organisation, Unit


def _send_after_commit(invitation: Invitation) -> None:
    context = {
        "invitation": invitation,
        "org_name": invitation.org.name,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "Kokybė",
        "role": Role(invitation.role).label,  # lazy: rendered in the invitee's language
        "link": invitation.get_accept_url(),
    }
    mail.send_to(invitation, "accounts/email/invitation_subject.txt", "accounts/email/invitation_body.txt", context)


def _day(moment: datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


@transaction.atomic
def invitation_create(
    *,
    org: Organisation,
    email: str,
    role: str,
    access_until: date | None = None,
    unit: Unit | None = None,
    position: str = "",
    language: str | None = None,
    by: User,
) -> Invitation:
    invitation = Invitation(
        org=org,
        email=email.strip().lower(),
        role=role,
        access_until=access_until,
        unit=unit,
        position=position,
        language=language or by.language,
        invited_by=by,
    )
    invitation.full_clean()
    invitation.save()
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.INVITED,
        target=invitation,
        changes={"role": ["", invitation.get_role_display()]},
    )
    _send_after_commit(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """A fresh link with a fresh validity period; the old link stops working."""
    before = invitation.expires_at
    invitation.token = new_token()
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.full_clean()
    invitation.save()
    activity.record(
        org=invitation.org,
        by=by,
        verb=ActivityEntry.Verb.INVITED,
        target=invitation,
        changes={"expires_at": [_day(before), _day(invitation.expires_at)]},
    )
    _send_after_commit(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    state = invitation.state()
    invitation.revoked_at = timezone.now()
    invitation.full_clean()
    invitation.save()
    activity.record(
        org=invitation.org,
        by=by,
        verb=ActivityEntry.Verb.STATUS,
        target=invitation,
        changes={"status": [str(state.label), str(Invitation.State.REVOKED.label)]},
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User, by: User) -> Membership:
    """Give `user` the membership the invitation offers. Refused if the link is no longer usable."""
    # Locked and re-read: two clicks (or two tabs) must not both accept it.
    invitation = Invitation.objects.select_for_update().select_related("org").get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError(_("This invitation can no longer be used."), code="unusable")
    if user.email.lower() != invitation.email:
        raise ValidationError(_("This invitation was sent to another e-mail address."), code="wrong_user")
    org = invitation.org
    membership = Membership.objects.for_org(org).filter(user=user).first()
    if membership is not None and Membership.objects.active().filter(pk=membership.pk).exists():
        raise ValidationError(_("You are already a member of this organisation."), code="member")
    # A former (switched-off or expired) membership is taken up again rather than duplicated.
    membership = membership or Membership(org=org, user=user)
    membership.role = invitation.role
    membership.unit = invitation.unit
    membership.position = invitation.position
    membership.access_until = invitation.access_until
    membership.is_active = True
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.full_clean()
    invitation.save()
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.JOINED,
        target=org,
        changes={"role": ["", membership.get_role_display()]},
    )
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *, invitation: Invitation, full_name: str, password: str, language: str
) -> tuple[User, Membership]:
    """Create the invited person's account and accept in one transaction: no account without its membership."""
    user = User(email=invitation.email, full_name=full_name, language=language)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership = invitation_accept(invitation=invitation, user=user, by=user)
    return user, membership


@transaction.atomic
def second_factor_policy_set(*, org: Organisation, roles: list[str], by: User) -> SecondFactorPolicy:
    """Which roles of `org` must log in with a second factor; the change is in the organisation's activity log."""
    policy, _created = SecondFactorPolicy.objects.select_for_update().get_or_create(org=org)
    labels = dict(Role.choices)
    before = ", ".join(sorted(str(labels[r]) for r in policy.roles if r in labels))
    policy.roles = sorted(set(roles))
    policy.updated_by, policy.updated_at = by, timezone.now()
    policy.full_clean()
    policy.save()
    after = ", ".join(sorted(str(labels[r]) for r in policy.roles))
    if before != after:
        activity.record(
            org=org, by=by, verb=ActivityEntry.Verb.UPDATED, target=policy, changes={"roles": [before, after]}
        )
    return policy
