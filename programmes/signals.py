"""Milestones fill themselves: when a provider saves a record that another app reports through
`kokybe.surfaces.provider_records` (a cycle completed, an audit closed or held, a certificate issued), the open
milestones of that provider are filled once the transaction commits. Which models count is declared by the owning
apps (`kokybe.surfaces.provider_record_models`); programmes names none of them."""

import logging
from functools import cache

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_save

from kokybe import surfaces

log = logging.getLogger(__name__)


@cache
def watched():
    """The labels of the models whose saving may fill a milestone (read once: contributions are fixed at start)."""
    return frozenset(label for func in surfaces.provider_record_models.contributions() for label in func())


def record_saved(sender, instance, raw=False, **kwargs):
    # A migration's historical models live in another registry: their rows are no provider's news.
    if raw or sender._meta.apps is not apps or sender._meta.label not in watched():
        return
    org_id = getattr(instance, "org_id", None)
    if org_id is None:
        return

    def fill():
        from .models import ProgrammeParticipation
        from .services import milestones_fill_for

        try:
            if ProgrammeParticipation.objects.filter(org_id=org_id).exists():
                milestones_fill_for([org_id])
        except Exception:  # a programme's bookkeeping never breaks a provider's own save
            log.exception("Filling programme milestones after a %s of organisation %s was saved", sender, org_id)

    transaction.on_commit(fill)


def connect():
    post_save.connect(record_saved, dispatch_uid="programmes.milestones_fill_themselves")
