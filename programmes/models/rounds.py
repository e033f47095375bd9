"""Rounds (campaigns) a programme pushes to many providers at once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Programme, ProgrammeParticipation

# ── Rounds (campaigns) pushed to many providers ──────────────────────────────────────────────────────────────────


class ProgrammeRound(models.Model):
    """One round the coordinator pushed to a filtered set of providers: an item of a kind (kokybe.surfaces.
    programme_round_kinds) created in each, with one due date."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(_("kind"), max_length=40)
    option = models.CharField(max_length=64)
    option_label = models.CharField(_("on"), max_length=300)
    title = models.CharField(_("title"), max_length=255)
    due_date = models.DateField(_("due date"))
    # What the round asks for besides its option (ProgrammeRoundKind.picks), e.g. the KPI definitions of a results
    # round: their values and, for the page, their labels as they were when it was sent.
    picks = models.JSONField(default=list, blank=True)
    picks_label = models.TextField(_("asks for"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class RoundItem(models.Model):
    round = models.ForeignKey(ProgrammeRound, on_delete=models.CASCADE, related_name="items")
    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.CASCADE, related_name="round_items")
    reference = models.CharField(max_length=64)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["participation__org__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participation"], name="round_item_once_per_participation"),
        ]

    def __str__(self):
        return f"{self.round} · {self.participation.org}"
