"""Writing the activity log. Every service that changes tenant data calls record() once."""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation

from .models import ActivityEntry


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(sorted(str(v) for v in items))
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def snapshot(instance, fields, m2m=None):
    """Values of the given fields as display text, for a before/after comparison. `m2m` may give the rows of
    many-to-many fields the caller holds already ({field name: rows}), which saves reading them back."""
    out = {}
    m2m = m2m or {}
    for name in fields:
        field = instance._meta.get_field(name)
        if getattr(field, "choices", None) and not field.many_to_many:
            value = getattr(instance, f"get_{name}_display")()
        elif field.many_to_many and name in m2m:
            value = list(m2m[name])
        elif field.many_to_many:
            value = list(getattr(instance, name).all()) if instance.pk else []
        else:
            value = getattr(instance, name)
        out[name] = _as_text(value)
    return out


def diff(before, after):
    return {k: [before.get(k, ""), after[k]] for k in after if before.get(k, "") != after[k]}


def labels_for(model, names):
    """English verbose names (the msgids) of the given fields; ActivityEntry translates them when shown."""
    out = {}
    with translation.override(None):
        for name in names:
            try:
                out[name] = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                continue
    return out


def record(*, org, by, verb, target=None, changes=None, target_repr=None, labels=None):
    changes = changes or {}
    if labels is None:
        labels = labels_for(type(target), changes) if target is not None else {}
    entry = ActivityEntry(org=org, actor=by, verb=verb, changes=changes, field_labels=labels)
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_repr = (target_repr or str(target))[:255]
    elif target_repr:
        entry.target_repr = target_repr[:255]
    entry.save()
    return entry
