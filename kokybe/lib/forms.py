"""Putting a service's `ValidationError` back onto the form the user sent, so the page shows it where it belongs."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError, *, rename: Mapping[str, str] | None = None) -> None:
    """Each field's errors under that field of `form`; errors of fields the form does not have, and errors that name
    no field, on the form as a whole. `rename` maps a model field to the form field that stands for it
    (e.g. {"file": "upload"})."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        name = (rename or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)
