"""Every write made through a token is in the activity log with the token's name.

The services write the activity log as they always do; while an endpoint runs for a token, each entry they add also
gets one more "change": API token → the token's name (kept as text, like every other value in the log).
"""

from contextvars import ContextVar

from django.db.models.signals import post_save, pre_save
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


# ── Webhook events, read off the activity log: every change the services make is recorded there once ──────────


def _event(entry):
    """(event, data, key) for an activity entry that is a webhook event, else None."""
    from actions.models import ImprovementAction
    from audits.models import Audit
    from audits.models import Status as AuditStatus
    from documents.models import Document
    from documents.models import Status as DocumentStatus
    from surveys.models import Campaign, CampaignStatus

    from .models import WebhookEvent

    target = entry.target
    if isinstance(target, ImprovementAction):
        data = {"number": target.number, "title": target.title, "status": target.status, "due_date": target.due_date}
        if entry.verb == ActivityEntry.Verb.CREATED:
            return WebhookEvent.ACTION_CREATED, data, f"{target.pk}"
        if entry.verb == ActivityEntry.Verb.STATUS:
            return WebhookEvent.ACTION_STATUS, data, f"{target.pk}:{entry.pk}"
    elif entry.verb != ActivityEntry.Verb.STATUS:
        return None
    if isinstance(target, Document) and target.status == DocumentStatus.APPROVED:
        version = target.current_version
        data = {"uuid": target.uuid, "title": target.title, "version": version.number if version else None}
        return WebhookEvent.DOCUMENT_APPROVED, data, f"{target.pk}:{entry.pk}"
    if isinstance(target, Audit) and target.status == AuditStatus.CLOSED:
        return (
            WebhookEvent.AUDIT_CLOSED,
            {"id": target.pk, "title": target.title, "closed_on": target.closed_on},
            f"{target.pk}",
        )
    if isinstance(target, Campaign) and target.status == CampaignStatus.CLOSED:
        return WebhookEvent.CAMPAIGN_CLOSED, {"id": target.pk, "title": target.title}, f"{target.pk}:{entry.pk}"
    return None


def _event_type_ids():
    """Content type ids of the models `_event` makes events of (ContentType's own cache: no query once warm)."""
    from django.contrib.contenttypes.models import ContentType

    from actions.models import ImprovementAction
    from audits.models import Audit
    from documents.models import Document
    from surveys.models import Campaign

    return {ContentType.objects.get_for_model(m).pk for m in (ImprovementAction, Audit, Document, Campaign)}


@receiver(post_save, sender=ActivityEntry, dispatch_uid="api.webhook_events")
def queue_webhook_events(sender, instance, created, **kwargs):
    from .models import Webhook
    from .webhooks import emit

    # Only entries about the kinds of row that make events can make one: anything else (an autosaved answer…) costs
    # no query; then one cheap query for the organisations without webhooks (all of them, mostly).
    if (
        not created
        or instance.target_type_id not in _event_type_ids()
        or not Webhook.objects.filter(org_id=instance.org_id, is_active=True).exists()
    ):
        return
    event = _event(instance)
    if event is not None:
        emit(instance.org, event[0], event[1], key=event[2])
