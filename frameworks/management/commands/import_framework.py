from django.core.management.base import BaseCommand, CommandError

from frameworks.importing import LIBRARY_DIR, FrameworkImportError, import_framework, import_library
from orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a framework version from a YAML or XLSX file (all or nothing; an identical re-import changes nothing). "
        "Without --org it goes to the shipped library, visible to every organisation."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH", help="YAML (.yaml/.yml) or XLSX file(s)")
        parser.add_argument("--org", metavar="SLUG", help="import privately for this organisation")
        parser.add_argument("--shipped", action="store_true", help=f"import every file in {LIBRARY_DIR}")

    def handle(self, *args, paths, org, shipped, **options):
        if not paths and not shipped:
            raise CommandError("Give a PATH or --shipped.")
        organisation = None
        if org:
            organisation = Organisation.objects.filter(slug=org).first()
            if organisation is None:
                raise CommandError(f"No organisation with the slug {org!r}.")
        try:
            results = import_library() if shipped else []
            results += [import_framework(path, org=organisation) for path in paths]
        except FrameworkImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing imported: {len(exc.problems)} problem(s) in {exc.problems[0].source or 'the file'}."
            ) from None
        for result in results:
            self.stdout.write(result.message)
