"""`manage.py load_demo [--if-empty] [--language en]`: the demo organisations, people and data, then the logins.

Idempotent: every row is looked up before it is created, so a second run changes nothing. Each installed app adds its
own demo data through its `demo.load(ctx)`; how to write one is in kokybe/lib/demo.py.
"""

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from kokybe.lib.demo import load_all
from orgs.demo import DEMO_LOGINS, login_table
from orgs.models import Organisation


class Command(BaseCommand):
    help = "Load the demo organisations, people and data (safe to run again) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Load only when there are no organisations yet (for `make run`)."
        )
        parser.add_argument("--language", default=None, help="Language of the printed table (lt or en).")

    def handle(self, *args, if_empty=False, language=None, **options):
        with translation.override(language or translation.get_language()):
            if if_empty and Organisation.objects.exists():
                self.stdout.write(_("Organisations exist already: demo data not loaded."))
                # Still show the logins when this database holds the demo, as `make run` prints them every time.
                if User.objects.filter(email=DEMO_LOGINS[0].email).exists():
                    self._print_logins()
                return
            ctx = load_all()
            created = sum(ctx.created.values())
            if created:
                message = ngettext(
                    "Demo data loaded: %(n)s row created.", "Demo data loaded: %(n)s rows created.", created
                )
                self.stdout.write(self.style.SUCCESS(message % {"n": created}))
            else:
                self.stdout.write(_("Demo data is already there: nothing changed."))
            self._print_logins()

    def _print_logins(self):
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password for all: demo):"))
        self.stdout.write(login_table())
