from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokybe import surfaces
from kokybe.lib import background

from . import tasks
from .models import Export, Status

# How many of one person's exports may wait or run at once: the worker is shared by everyone.
MAX_PENDING = 3
# Finished exports are files made for one moment; a week later they are deleted with the next request.
KEEP_DAYS = 7


@transaction.atomic
def export_start(*, org, code, params, by) -> Export:
    """Queue the export `code` of `org` with the page's filters (`params`, a query string) for `by`.

    Reading data leaves no trace in the activity log, so an export does not either."""
    mine = Export.objects.for_org(org).of(by)
    if mine.filter(status__in=[Status.QUEUED, Status.RUNNING]).count() >= MAX_PENDING:
        raise ValidationError(
            _("You have %(n)s exports being made already. Wait until one is ready, then ask again.")
            % {"n": MAX_PENDING}
        )
    for old in mine.filter(created_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)):
        if old.file:
            old.file.delete(save=False)
        old.delete()
    kind = surfaces.background_exports_all()[code]
    export = Export(org=org, requested_by=by, code=code, params=params[:2000], steps=kind.steps)
    export.full_clean()
    export.save()
    background.enqueue(tasks.build_export, str(export.pk))
    return export
