"""Creating and revoking personal access tokens: each in the organisation's activity log."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs import activity
from orgs.models import ActivityEntry, Membership
from programmes.models import ProgrammeRole

from .models import ApiToken, ProgrammeToken, Webhook


@transaction.atomic
def token_create(*, user, org, name, scope, expires_on):
    """A new token for `user` in `org`; returns (token, secret). The secret is shown once and never stored."""
    Membership.objects.require(org, user, refusal=ValidationError(_("You are not a member of this organisation.")))
    token, secret = ApiToken.issue(org=org, user=user, name=name, scope=scope, expires_on=expires_on)
    token.full_clean()
    token.save()
    activity.record(
        org=org,
        by=user,
        verb=ActivityEntry.Verb.CREATED,
        target=token,
        changes={"scope": ["", token.get_scope_display()], "expires_on": ["", expires_on.isoformat()]},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token, by):
    if token.user_id != by.pk:
        raise ValidationError(_("Only the person who created a token can revoke it."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    activity.record(org=token.org, by=by, verb=ActivityEntry.Verb.DELETED, target=token)
    return token


@transaction.atomic
def webhook_create(*, org, url, events, by):
    """A new webhook; returns it with its signing secret (shown once on the page)."""
    webhook = Webhook(org=org, url=url, events=sorted(set(events)), secret=secrets.token_hex(32), created_by=by)
    webhook.full_clean()
    webhook.save()
    activity.record(
        org=org,
        by=by,
        verb=ActivityEntry.Verb.CREATED,
        target=webhook,
        changes={"events": ["", ", ".join(webhook.events)]},
    )
    return webhook


@transaction.atomic
def webhook_delete(*, webhook, by):
    activity.record(org=webhook.org, by=by, verb=ActivityEntry.Verb.DELETED, target=webhook, target_repr=webhook.url)
    webhook.delete()


@transaction.atomic
def programme_token_create(*, user, programme, name, expires_on):
    """A new read-only token for `user` in `programme`, carrying the role they hold there now; returns (token, secret).
    The secret is shown once and never stored. Logged in the coordinating organisation's activity log, where the
    programme's other changes are."""
    role = programme.role_of(user)
    if role is None:
        raise ValidationError(_("You have no role in this programme."))
    token, secret = ProgrammeToken.issue(programme=programme, user=user, role=role, name=name, expires_on=expires_on)
    token.full_clean()
    token.save()
    activity.record(
        org=programme.coordinating_org,
        by=user,
        verb=ActivityEntry.Verb.CREATED,
        target=token,
        target_repr=f"{programme.code}: {token}",
        changes={"role": ["", token.get_role_display()], "expires_on": ["", expires_on.isoformat()]},
    )
    return token, secret


@transaction.atomic
def programme_token_revoke(*, token, by):
    """Revoked by its person, or by a coordinator of its programme (who answers for what leaves it)."""
    if token.user_id != by.pk and not token.programme.holds(by, ProgrammeRole.COORDINATOR):
        raise ValidationError(_("Only the token's person or a programme coordinator can revoke it."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    activity.record(
        org=token.programme.coordinating_org,
        by=by,
        verb=ActivityEntry.Verb.DELETED,
        target=token,
        target_repr=f"{token.programme.code}: {token}",
    )
    return token
