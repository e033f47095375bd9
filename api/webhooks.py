"""Outgoing webhooks: an event becomes one Delivery per subscribed webhook, sent off the request and signed.

Signature: `X-Kokybe-Signature: sha256=<hex>`, the HMAC-SHA256 of `<X-Kokybe-Timestamp>.<body>` with the webhook's
secret; a receiver recomputes it and rejects old timestamps (replays). A failed delivery is retried with back-off
(RETRY_DELAYS), then marked failed; every attempt's outcome is in the delivery log on the webhooks page. Every attempt
goes through api.outbound (the SSRF guard): the address is checked again, redirects are not followed.
"""

import hashlib
import hmac
import http.client
import json
import uuid
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import outbound
from .models import Delivery, Webhook

# After the first attempt fails: 1 minute, 5 minutes, 30 minutes, 2 hours, 12 hours; then the delivery has failed.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
TIMEOUT_SECONDS = 10
NAMESPACE = uuid.UUID("6f1c2b1e-6a52-4d2e-9d0e-2f4b7c1a9e30")


def signature(secret, timestamp, body):
    return "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def emit(org, event, data, *, key):
    """Queue `event` for every active webhook of `org` subscribed to it. `key` names the occurrence: the same key is
    delivered once (e.g. an action overdue since a given day), however often it is emitted."""
    hooks = [w for w in Webhook.objects.for_org(org).filter(is_active=True) if event in w.events]
    if not hooks:
        return 0
    event_id = uuid.uuid5(NAMESPACE, f"{org.pk}:{event}:{key}")
    payload = {
        "id": str(event_id),
        "event": event,
        "organisation": org.slug,
        "created_at": timezone.now(),
        "data": data,
    }
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    made = 0
    for hook in hooks:
        _delivery, created = Delivery.objects.get_or_create(
            webhook=hook, event_id=event_id, defaults={"org": org, "event": event, "payload": payload}
        )
        made += created
    if made:
        transaction.on_commit(_enqueue)
    return made


def _enqueue():
    from .tasks import send_webhooks

    send_webhooks.enqueue()


def send(delivery, now=None):
    """One attempt; records its outcome and, after a failure, when to try again."""
    now = now or timezone.now()
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Kokybe-Webhooks/1",
        "X-Kokybe-Event": delivery.event,
        "X-Kokybe-Delivery": str(delivery.event_id),
        "X-Kokybe-Timestamp": timestamp,
        "X-Kokybe-Signature": signature(delivery.webhook.secret, timestamp, body),
    }
    delivery.attempts += 1
    try:
        status, reason = outbound.post(delivery.webhook.url, body, headers, TIMEOUT_SECONDS)
        delivery.last_status_code = status
        delivery.last_error = "" if 200 <= status < 300 else str(reason)[:255]
    except outbound.Refused as exc:  # checked again at every attempt: DNS may now lead somewhere it must not
        delivery.last_status_code, delivery.last_error = None, " ".join(exc.messages)[:255]
    except (OSError, http.client.HTTPException, ValueError) as exc:
        delivery.last_status_code, delivery.last_error = None, (str(exc) or type(exc).__name__)[:255]
    if delivery.last_status_code is not None and 200 <= delivery.last_status_code < 300:
        delivery.status, delivery.delivered_at = Delivery.Status.DELIVERED, now
    elif delivery.attempts > len(RETRY_DELAYS):
        delivery.status = Delivery.Status.FAILED
    else:
        delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
    delivery.save(
        update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at", "next_attempt_at"]
    )
    return delivery


def send_due(now=None, limit=500):
    """Send every delivery whose time has come; returns how many were tried."""
    due = list(Delivery.objects.due(now).select_related("webhook").order_by("next_attempt_at", "pk")[:limit])
    for delivery in due:
        send(delivery, now)
    return len(due)
