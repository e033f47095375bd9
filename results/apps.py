from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_definitions(app_config, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    """Add any shipped definition (code and version) that is missing, after every migrate and test flush, like the
    shipped document types. A shipped definition already there is never changed: indicators in use point at it, and
    a changed formula ships as a new version."""
    from .library import sync_shipped

    try:
        model = (apps or app_config.apps).get_model("results", "Definition")
    except LookupError:
        return
    sync_shipped(model, using=using)


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results")

    def ready(self):
        post_migrate.connect(ensure_definitions, sender=self)
