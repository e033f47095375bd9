"""The one way Kokybė's own mail leaves: rendered in the recipient's language, sent after the transaction commits.

(Django's password-reset form keeps its own sender, which logs a failure instead of raising; accounts/forms.py runs
it in the recipient's language.)

A recipient is anything with `email` and `language` — a `User`, or an invitation to someone who has no account yet.
The subject and body are templates (the subject is folded onto one line); an HTML alternative is optional. The
context is rendered inside `translation.override(recipient.language)`, so a value that needs translating must reach
it untranslated: a template tag, a `gettext_lazy` string or a choice's `.label`, never a string translated by the
caller in the sender's language.
"""

from collections.abc import Mapping
from typing import Any, Protocol

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


class Recipient(Protocol):
    @property
    def email(self) -> str: ...

    @property
    def language(self) -> str: ...


def message(
    recipient: Recipient,
    subject_template: str,
    body_template: str,
    context: Mapping[str, Any],
    *,
    html_template: str | None = None,
) -> EmailMultiAlternatives:
    """The mail to `recipient`, rendered in their language; not sent."""
    with translation.override(recipient.language):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
        html = render_to_string(html_template, context) if html_template else None
    mail = EmailMultiAlternatives(subject, body, None, [recipient.email])
    if html is not None:
        mail.attach_alternative(html, "text/html")
    return mail


def send_to(
    recipient: Recipient,
    subject_template: str,
    body_template: str,
    context: Mapping[str, Any],
    *,
    html_template: str | None = None,
) -> None:
    """Send the mail once the current transaction commits (at once outside one); nothing goes out on a rollback."""
    transaction.on_commit(
        lambda: message(recipient, subject_template, body_template, context, html_template=html_template).send()
    )
