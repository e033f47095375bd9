"""Every write made through a token is in the activity log with the token's name.

The services write the activity log as they always do; while an endpoint runs for a token, each entry they add also
gets one more "change": API token → the token's name (kept as text, like every other value in the log).
"""

from contextvars import ContextVar

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_noop

from orgs.models import ActivityEntry

current_token_name: ContextVar[str | None] = ContextVar("current_token_name", default=None)

LABEL = gettext_noop("API token")


@receiver(pre_save, sender=ActivityEntry, dispatch_uid="api.activity_token_name")
def name_the_token(sender, instance, **kwargs):
    name = current_token_name.get()
    if name is None or not instance._state.adding:
        return
    instance.changes = {**(instance.changes or {}), "api_token": ["", name]}
    instance.field_labels = {**(instance.field_labels or {}), "api_token": LABEL}
