from django.conf import settings
from django.db import models

from orgs.models import OrgQuerySet


class EntryQuerySet(OrgQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)


class Entry(models.Model):
    """One entry of the register (think: a complaint): received, owned by someone, due, closed."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)
    received_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    indicator_code = models.CharField(max_length=32, blank=True)  # the framework indicator the entry evidences
    is_public = models.BooleanField(default=False)  # counted on the public quality page

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self):
        return self.title
