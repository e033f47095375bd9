"""Alert the safeguarding leads of every notification to an authority that is past due (once per notification).

Run it from cron every few minutes (README, "Safeguarding"): a legal clock of hours cannot wait for the daily digest.
"""

from django.core.management.base import BaseCommand

from safeguarding.services import alerts_send


class Command(BaseCommand):
    help = "Alert the safeguarding leads of overdue notifications to authorities."

    def handle(self, *args, **options):
        alerted = alerts_send()
        self.stdout.write(f"{len(alerted)} overdue notifications alerted.")
