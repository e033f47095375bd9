"""Run from cron every few minutes: queues the day's time-based events (actions overdue, certificates expiring) and
sends every delivery that is due, retries included. Idempotent: an occurrence is delivered once."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from actions.models import ImprovementAction
from audits.models import EXPIRING_DAYS, Certificate

from ...models import Webhook, WebhookEvent
from ...webhooks import emit, send_due


class Command(BaseCommand):
    help = "Queue time-based webhook events and send every webhook delivery that is due."

    def handle(self, *args, **options):
        today = timezone.localdate()
        orgs = {w.org_id: w.org for w in Webhook.objects.filter(is_active=True).select_related("org")}
        queued = 0
        for org in orgs.values():
            for action in ImprovementAction.objects.for_org(org).overdue(today):
                data = {"number": action.number, "title": action.title, "due_date": action.due_date}
                queued += emit(org, WebhookEvent.ACTION_OVERDUE, data, key=f"{action.pk}:{action.due_date}")
            soon = Certificate.objects.for_org(org).filter(
                expires_on__gte=today, expires_on__lte=today + timedelta(days=EXPIRING_DAYS)
            )
            for certificate in soon:
                data = {"id": certificate.pk, "reference": certificate.reference, "expires_on": certificate.expires_on}
                queued += emit(
                    org, WebhookEvent.CERTIFICATE_EXPIRING, data, key=f"{certificate.pk}:{certificate.expires_on}"
                )
        sent = send_due()
        self.stdout.write(f"{queued} queued, {sent} sent")
