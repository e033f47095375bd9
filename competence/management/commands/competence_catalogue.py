"""`manage.py competence_catalogue [--org SLUG]`: add the starter training catalogue's new courses to every
organisation (or one). Idempotent: a course is matched by its key, and courses an organisation has, edited or not,
stay as they are."""

from django.core.management.base import BaseCommand, CommandError

from competence.models import sync_starter
from orgs.models import Organisation


class Command(BaseCommand):
    help = "Add the starter training catalogue's courses an organisation lacks (all organisations, or --org)."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="The organisation's slug (default: every organisation).")

    def handle(self, *args, org=None, **options):
        orgs = Organisation.objects.order_by("slug")
        if org:
            orgs = orgs.filter(slug=org)
            if not orgs.exists():
                raise CommandError(f"No organisation with the slug {org!r}.")
        for organisation in orgs:
            added = sync_starter(organisation)
            self.stdout.write(f"{organisation.slug}: {added} course(s) added")
