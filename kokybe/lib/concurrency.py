"""No lost updates: one guard for every edit form of a shared object.

Two people open the same improvement action (unit, finding, document draft …); both save. Without a guard the later
save silently writes back the values its page was opened with. With it, the later save is refused — with who changed
the object and when — and the person's input stays on the page, beside what is saved now, to merge by hand.

How: the form carries, in a hidden field (`base_state`), a digest of each field it edits as the object stood when the
page was rendered. Saving happens inside `with form.guard(by=request.user):`, which opens a transaction, locks the row
(SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions queue writers instead), and compares those
digests with the row as it is now. A field someone else changed meanwhile, and that this save would overwrite with
a different value, refuses the save with `StaleEdit` (a ValidationError: the views' existing error path puts it on
the form). The refused form's hidden state is renewed to what is saved now, so saving it again — edited or not — is
a deliberate choice made with both versions in view. Changes the saving person made themselves since the page was
opened (an autosave, another tab) are theirs to overwrite: the activity log since then decides, and a change it does
not record (made outside the app) refuses the save as "someone".

Digests of the form's own fields rather than a version column: no migration on every shared model, only the fields
a form would overwrite count (a status change made elsewhere does not refuse an edit of the description), and a save
that equals what is saved now loses nothing and goes through. The self-assessment's answers keep their own
`revision` counter (assessments.services.answer_save), which predates this and drives its side-by-side merge view.

Use: `class UnitForm(EditGuard, forms.ModelForm)` (the guarded object is the instance), or for a plain Form
`Form(..., edited=obj)`; field names are the model's, or `guard_fields = {"form_field": "model_field"}`. Templates
render `form.hidden_fields` (`{{ form }}` does). Then

    with form.guard(by=request.user):
        services.unit_update(form=form, by=request.user)

A page that posts no `base_state` (a client of its own) saves without the check, as before.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

FIELD = "base_state"
OPENED = "opened_state"  # the light state a small request (an autosave) sends instead: only when the page opened


class StaleEdit(ValidationError):
    """Someone saved the object after this form was opened; `changed` names the fields this save would overwrite."""

    def __init__(
        self,
        messages: dict[str, list[str]],
        *,
        changed: list[str],
        changed_by: Any = None,
        changed_at: datetime | None = None,
    ) -> None:
        super().__init__(messages, code="stale")
        self.changed = changed
        self.changed_by = changed_by
        self.changed_at = changed_at


def _plain(value: Any) -> Any:
    """One comparable form of a field's value, whether read from the database or from a form's cleaned_data."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (models.QuerySet, list, tuple, set, frozenset)):
        return sorted(str(_plain(v)) for v in value)
    if isinstance(value, Decimal):
        return str(value.normalize())
    if value is None:
        return ""  # a blank nullable field and an empty input are the same edit
    return value


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(_plain(value)).encode()).hexdigest()[:12]


def _stored(obj: models.Model, field: Any) -> Any:
    if field.many_to_many:
        return list(getattr(obj, field.name).values_list("pk", flat=True)) if obj.pk else []
    return field.value_from_object(obj)


def encode(state: dict[str, str], opened: datetime) -> str:
    """`opened` (when the page showed this state) first, then one digest per field."""
    return ";".join([f"@{opened.timestamp():.3f}", *(f"{name}:{digest}" for name, digest in state.items())])


def decode(text: str | None) -> tuple[dict[str, str], datetime | None]:
    """(state, opened) from encode's text; an unreadable part is ignored (the check then covers less, never more)."""
    state, opened = {}, None
    for part in (text or "").split(";"):
        if part.startswith("@"):
            try:
                opened = datetime.fromtimestamp(float(part[1:]), tz=UTC)
            except (ValueError, OverflowError, OSError):
                opened = None
            continue
        name, _sep, digest = part.partition(":")
        if name and digest:
            state[name] = digest
    return state, opened


def changes_since(obj: models.Model, opened: datetime | None) -> list[Any]:
    """The activity entries about `obj`, newest first, made after `opened` (all of them when it is unknown)."""
    from django.contrib.contenttypes.models import ContentType

    from orgs.models import ActivityEntry

    entries = ActivityEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), target_id=str(obj.pk)
    )
    if opened is not None:
        entries = entries.filter(created_at__gt=opened)
    return list(entries.select_related("actor").order_by("-created_at", "-pk"))


def _shown(obj: models.Model, field: Any) -> str:
    from orgs.activity import snapshot

    text = snapshot(obj, [field.name])[field.name]
    return Truncator(text).chars(200) if text else ""


class _StateField(forms.CharField):
    widget = forms.HiddenInput

    def has_changed(self, initial: Any, data: Any) -> bool:
        return False  # about the page, not the object: never in form.changed_data


if TYPE_CHECKING:  # typed as a form for mypy; at run time a plain mixin placed before forms.Form / ModelForm
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class EditGuard(_FormBase):
    """Form mixin: the hidden base state and `guard()`. See the module docstring."""

    guard_fields = None  # {form field: model field}; default: the form's fields that are fields of the model

    def __init__(self, *args: Any, edited: models.Model | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)  # a ModelForm's
        if edited is None and instance is not None and not instance._state.adding:
            edited = instance
        self.edited = edited
        self.stale: StaleEdit | None = None
        if edited is not None:
            # Evaluated when the page renders, once the form's own __init__ has settled its fields.
            self.fields[FIELD] = _StateField(
                required=False, label="", initial=lambda: encode(self._state_of(edited), timezone.now())
            )

    def full_clean(self) -> None:
        super().full_clean()
        # The base state is about the page, not a value to save: views and services never see it.
        if hasattr(self, "cleaned_data"):
            self.cleaned_data.pop(FIELD, None)

    @property
    def opened_state(self) -> str:
        """The light state: only when the page was opened (see _check)."""
        return encode({}, timezone.now())

    def _guarded(self) -> dict[str, Any]:
        """{form field: model field} of what this form would write."""
        assert self.edited is not None
        mapping = self.guard_fields or {name: name for name in self.fields}
        out = {}
        for name, model_name in mapping.items():
            if name == FIELD or name not in self.fields:
                continue
            try:
                field = self.edited._meta.get_field(model_name)
            except FieldDoesNotExist:
                continue
            if field.concrete or field.many_to_many:
                out[name] = field
        return out

    def _state_of(self, obj: models.Model) -> dict[str, str]:
        return {name: _digest(_stored(obj, field)) for name, field in self._guarded().items()}

    @contextmanager
    def guard(self, *, by: Any = None) -> Iterator[None]:
        """Atomically: refuse with StaleEdit if a field was changed by someone else since the page was opened.

        Changes `by` made themselves meanwhile (an autosave, another tab) are theirs to overwrite; this needs the
        activity log to show that every change since the page was opened was theirs."""
        with transaction.atomic():
            if self.edited is not None:
                self._check(by)
            yield

    def _check(self, by: Any) -> None:
        assert self.edited is not None
        data: Any = self.data
        base, opened = decode(data.get(self.add_prefix(FIELD)) or data.get(self.add_prefix(OPENED), ""))
        if not base and opened is None:
            return
        model = type(self.edited)
        current = model._base_manager.select_for_update().get(pk=self.edited.pk)
        guarded = self._guarded()
        now = {name: _digest(_stored(current, field)) for name, field in guarded.items()}
        cleaned = getattr(self, "cleaned_data", {})
        entries = changes_since(current, opened)
        others = [entry for entry in entries if by is None or entry.actor_id != by.pk]
        if base:
            changed = [name for name in guarded if name in base and base[name] != now[name]]
            if by is not None and entries and not others:
                changed = []  # every change since the page was opened was the person's own
        else:
            # A light state (the on-site autosave, which must stay small): the log since the page opened decides.
            logged = {name for entry in others for name in entry.changes or {}}
            changed = [name for name, field in guarded.items() if field.name in logged]
        lost = [name for name in changed if name not in cleaned or _digest(cleaned[name]) != now[name]]
        if not lost:
            return
        who, when = (others[0].actor, others[0].created_at) if others else (None, None)
        if who is not None:
            message = _(
                "Not saved: %(name)s changed this on %(when)s, after you opened it. Your input is kept below; where "
                "it differs from what is saved now, the saved value is shown at the field. Save again to keep your "
                "version."
            ) % {"name": who, "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")}
        else:
            message = _(
                "Not saved: someone changed this after you opened it. Your input is kept below; where it differs "
                "from what is saved now, the saved value is shown at the field. Save again to keep your version."
            )
        errors: dict[str, list[str]] = {NON_FIELD_ERRORS: [message]}
        for name in lost:
            shown = _shown(current, guarded[name])
            errors[name] = [
                _("Saved meanwhile: “%(value)s”.") % {"value": shown} if shown else _("Saved meanwhile: (empty).")
            ]
        # The next save of this page is made knowing what is saved now (of the fields this save covered).
        data = data.copy()
        data[self.add_prefix(FIELD if base else OPENED)] = encode({**base, **now} if base else {}, timezone.now())
        self.data = data
        self.stale = StaleEdit(errors, changed=lost, changed_by=who, changed_at=when)
        raise self.stale
