"""A person's own data: everything Kokybė holds about them, as JSON; and erasing an account.

The export finds "what they wrote" without naming any app: every row, of every installed model, that points at the
person through a foreign key (author, owner, responsible person, actor of an activity entry, …). Secrets are left
out (passwords, tokens, keys), so the file can be handed over as it is.

Erasing keeps the organisations' records whole — an activity log with holes would no longer show who did what in
the quality system — but nobody can tell any more who the person was: the account keeps its row under a pseudonym,
loses its address, password, devices and memberships, and the log's texts that named them name the pseudonym.
"""

import json
import secrets
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orgs import activity
from orgs.models import ActivityEntry, Membership

from .models import Invitation, User

# Fields never exported, whatever model they are on: secrets that would let a reader act as someone.
SECRET_NAMES = ("password", "token", "key", "secret", "handle", "credential", "public_key")
# Models whose rows are secrets or plumbing rather than what a person wrote.
SKIPPED_APPS = {"sessions", "admin", "contenttypes", "otp_totp", "otp_static", "django_otp_webauthn"}
# The second factor and the sessions: listed in their own section of the export (never their secrets).
SKIPPED_MODELS = {"accounts.AuthenticatorApp", "accounts.RecoveryCodes", "accounts.UserSession"}


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bytes):
        return None
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file: its name, not its bytes
        return value.name or ""
    return value


def _is_secret(field):
    return isinstance(field, models.BinaryField) or any(word in field.name for word in SECRET_NAMES)


def _row(instance):
    out = {"id": _plain(instance.pk)}
    for field in instance._meta.concrete_fields:
        if field.primary_key or _is_secret(field):
            continue
        if field.is_relation:
            target = getattr(instance, field.name)
            out[field.name] = str(target) if target is not None else None
        else:
            out[field.name] = _plain(field.value_from_object(instance))
    return out


def _user_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is not None and f.related_model._meta.label == settings.AUTH_USER_MODEL
    ]


def records_of(user):
    """{"app.Model": [row, …]} for every row that refers to `user` (one query per model that can)."""
    records = {}
    for model in apps.get_models():
        if model is User or model._meta.app_label in SKIPPED_APPS or model._meta.label in SKIPPED_MODELS:
            continue
        fields = _user_fields(model)
        if not fields:
            continue
        query = Q()
        for field in fields:
            query |= Q(**{field.name: user})
        related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
        rows = [_row(obj) for obj in model._default_manager.filter(query).select_related(*related)]
        if rows:
            records[model._meta.label] = rows
    return records


def export(user):
    """Everything Kokybė holds about `user`, ready for json.dumps."""
    from django_otp_webauthn.models import WebAuthnCredential

    from .models import AuthenticatorApp, RecoveryCode

    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "date_joined": _plain(user.date_joined),
            "last_login": _plain(user.last_login),
            "is_active": user.is_active,
        },
        "memberships": [
            {
                "organisation": m.org.name,
                "role": m.role,
                "unit": str(m.unit) if m.unit else None,
                "position": m.position,
                "access_until": _plain(m.access_until),
                "is_active": m.is_active,
                "since": _plain(m.created_at),
            }
            for m in Membership.objects.filter(user=user).select_related("org", "unit")
        ],
        "second_factor": {
            "authenticator_apps": [
                {"name": d.name, "added": _plain(d.created_at)} for d in AuthenticatorApp.objects.filter(user=user)
            ],
            "passkeys": [
                {"added": _plain(d.created_at), "last_used": _plain(d.last_used_at)}
                for d in WebAuthnCredential.objects.filter(user=user)
            ],
            "recovery_codes_left": RecoveryCode.objects.filter(device__user=user).count(),
        },
        "invitations": [
            {
                "organisation": i.org.name,
                "role": i.role,
                "sent": _plain(i.created_at),
                "accepted": _plain(i.accepted_at),
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related("org")
        ],
        "records": records_of(user),
    }


def export_json(user):
    return json.dumps(export(user), ensure_ascii=False, indent=2, default=str)


def _renamed(value, old, new):
    if isinstance(value, str):
        for text in old:
            value = value.replace(text, new)
        return value
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, old, new) for k, v in value.items()}
    return value


@transaction.atomic
def user_erase(*, user: User, by: User) -> User:
    """Erase a person: the account stays as a pseudonym so every record and log entry stays whole."""
    from django_otp_webauthn.models import WebAuthnCredential, WebAuthnUserHandle

    from .models import AuthenticatorApp, RecoveryCodes, UserSession

    if user.pk == by.pk:
        raise ValidationError(_("You cannot erase your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    with translation.override(settings.LANGUAGE_CODE):
        pseudonym = _("Erased person %(code)s") % {"code": secrets.token_hex(3).upper()}
    names = [text for text in (user.full_name, user.email) if text]
    erased_email = f"erased-{secrets.token_hex(8)}@erased.invalid"
    orgs = {m.org for m in Membership.objects.filter(user=user).select_related("org")}

    for text in names:
        ActivityEntry.objects.filter(target_repr__icontains=text).update(
            target_repr=Replace("target_repr", models.Value(text), models.Value(pseudonym))
        )
    for entry in ActivityEntry.objects.filter(Q(changes__icontains=names[0]) | Q(changes__icontains=names[-1])):
        entry.changes = _renamed(entry.changes, names, pseudonym)
        entry.save(update_fields=["changes"])
    Invitation.objects.filter(email__iexact=user.email).update(email=erased_email)
    Membership.objects.filter(user=user).update(is_active=False, position="")
    for model in (AuthenticatorApp, RecoveryCodes, WebAuthnCredential, WebAuthnUserHandle):
        model.objects.filter(user=user).delete()

    user.full_name, user.email = pseudonym, erased_email
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # and so every open session of theirs ends
    user.save()
    UserSession.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    for org in orgs:
        activity.record(org=org, by=by, verb=ActivityEntry.Verb.REMOVED, target=user, target_repr=pseudonym)
    return user
