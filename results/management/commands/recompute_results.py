"""`manage.py recompute_results [--org SLUG] [--date YYYY-MM-DD]`: compute every computed indicator's values from
the records (all organisations, or one). Idempotent; run it nightly from cron or a systemd timer."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from orgs.models import Organisation
from results import services
from results.models import Indicator


class Command(BaseCommand):
    help = "Recompute the computed results of every organisation (or of one) from their records."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="the organisation's slug (default: every organisation using results)")
        parser.add_argument("--date", help="the day to compute up to (default: today)")

    def handle(self, *args, org=None, date=None, **options):
        today = self._date(date)
        orgs = Organisation.objects.filter(pk__in=Indicator.objects.active().values("org_id"))
        if org:
            orgs = Organisation.objects.filter(slug=org)
            if not orgs.exists():
                raise CommandError(f"No organisation {org!r}.")
        for organisation in orgs.order_by("slug"):
            indicators, values = services.recompute(organisation, today=today)
            self.stdout.write(f"{organisation.slug}: {values} values of {indicators} computed indicators")

    def _date(self, text):
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD.") from None
