"""The worker's half of a long export: build the file the person asked for, reporting progress as it goes."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.tasks import task
from django.utils import timezone, translation

from orgs.models import Membership

from .models import Export, Status

logger = logging.getLogger(__name__)


def _source_text(label):
    # Kept as the English source text and translated when shown, in the reader's language.
    with translation.override("en"):
        return str(label)[:200]


def _fail(export, message):
    Export.objects.filter(pk=export.pk).update(status=Status.FAILED, error=message[:500], finished_at=timezone.now())


@task()
def build_export(export_id: str) -> str:
    """Not retried: the same filters give the same failure; a worker killed half-way has it re-queued instead."""
    export = Export.objects.select_related("org", "requested_by").filter(pk=export_id).first()
    if export is None or export.is_finished():
        return "gone"
    kind = export.kind
    user = export.requested_by
    allowed = (
        kind is not None
        and Membership.objects.for_org(export.org).active().filter(user=user, role__in=kind.roles).exists()
    )
    with translation.override(user.language):
        if not allowed or not user.is_active:
            _fail(export, str(translation.gettext("You may no longer make this export.")))
            return "refused"
        Export.objects.filter(pk=export.pk).update(status=Status.RUNNING, step=0, steps=kind.steps, error="")

        def progress(step, label):
            Export.objects.filter(pk=export.pk).update(step=min(step, kind.steps), step_label=_source_text(label))

        try:
            made = kind.build(export.org, user, QueryDict(export.params), progress)
        except ValidationError as exc:
            _fail(export, " ".join(exc.messages))
            return "refused"
        except Exception:
            _fail(
                export, str(translation.gettext("Something went wrong while making the file. Please try again later."))
            )
            raise  # kept as a failed task, with its traceback, for the operator
    export.file.save(made.filename, ContentFile(made.content), save=False)
    Export.objects.filter(pk=export.pk).update(
        status=Status.READY,
        step=kind.steps,
        file=export.file.name,
        filename=made.filename,
        content_type=made.content_type,
        size=len(made.content),
        finished_at=timezone.now(),
    )
    return "ready"
