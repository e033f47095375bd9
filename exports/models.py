"""A long export asked for by one person: made by the worker, followed on a progress page, downloaded by that person.

What is exported comes from the app that declared it (`kokybe.surfaces.background_exports`); this app keeps the
request, its progress and the finished file (through Django's storage API, like every uploaded file).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kokybe import surfaces
from orgs.models import Organisation, OrgQuerySet


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


class ExportQuerySet(OrgQuerySet):
    def of(self, user):
        return self.filter(requested_by=user)


class Export(models.Model):
    # A random id: the address of the progress page and of the file is not a counter to walk.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=80)
    params = models.CharField(max_length=2000, blank=True)  # the page's query string (its filters)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=1)
    # The step's description as its English source text, translated when shown (the worker has no reader's language).
    step_label = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["org", "requested_by", "-created_at"], name="export_person_idx")]

    def __str__(self):
        kind = self.kind
        return str(kind.name) if kind else self.code

    def get_absolute_url(self):
        return reverse("exports:detail", args=[self.org.slug, self.pk])

    @property
    def kind(self):
        return surfaces.background_exports_all().get(self.code)

    @property
    def percent(self):
        if self.status == Status.READY:
            return 100
        return round(100 * self.step / self.steps) if self.steps else 0

    def is_finished(self):
        return self.status in (Status.READY, Status.FAILED)
