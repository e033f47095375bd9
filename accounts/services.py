"""Invitations: offering a membership by e-mail, and taking it up. Atomic, validated, logged; mail after commit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

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


# The activity log's labels for a second-factor reset (English msgids, translated when the log is shown).
RESET_LABELS = {"second_factor": gettext_noop("second factor"), "reason": gettext_noop("reason")}


def second_factor_reset_refusal(*, membership: Membership, by: User) -> str | None:
    """Why `by` may not reset `membership`'s second factor, or None if they may. Checked by the page and again here."""
    if membership.user_id == by.pk:
        return _("Your own devices are managed on your Second factor page.")
    if membership.user.is_superuser:
        return _("A superuser's second factor can only be reset by another superuser, in the Django admin.")
    if not getattr(by, "is_verified", lambda: False)():
        return _("Only someone who logged in with a second factor may reset another person's. Set up yours first.")
    return None


@transaction.atomic
def second_factor_reset(*, membership: Membership, reason: str, by: User) -> int:
    """A director removes a member's second factor (authenticator apps, passkeys, recovery codes) after the member lost
    it, so the member logs in with the password again and, if their role requires one, sets up a new device at once.

    Only for an active member of the director's organisation (the view finds the membership in `request.org`),
    never for a superuser or oneself, and only by someone who passed the second step. Logged with the reason in the
    organisation's activity log; the member is told by e-mail. Returns how many devices were removed."""
    from django_otp_webauthn.models import WebAuthnCredential

    from .models import AuthenticatorApp, RecoveryCodes

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the second factor is reset.")})
    membership = Membership.objects.active().select_related("user", "org").get(pk=membership.pk)
    refusal = second_factor_reset_refusal(membership=membership, by=by)
    if refusal:
        raise ValidationError(refusal)
    user = membership.user
    removed = 0
    for model in (AuthenticatorApp, WebAuthnCredential):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    RecoveryCodes.objects.filter(user=user).delete()
    with override(settings.LANGUAGE_CODE):
        before = _("%(count)s devices") % {"count": removed}
        after = _("none")
    activity.record(
        org=membership.org,
        by=by,
        verb=ActivityEntry.Verb.REMOVED,
        target=user,
        changes={"second_factor": [before, after], "reason": ["", reason]},
        labels=RESET_LABELS,
    )
    context = {
        "user": user,
        "org_name": membership.org.name,
        "by": by.get_full_name(),
        "reason": reason,
        "when": timezone.now(),
        "site_url": settings.SITE_URL,
    }
    mail.send_to(
        user, "accounts/email/second_factor_reset_subject.txt", "accounts/email/second_factor_reset_body.txt", context
    )
    return removed
