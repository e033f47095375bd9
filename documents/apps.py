from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_document_types(app_config, using=DEFAULT_DB_ALIAS, apps=None, **kwargs):
    """Create any shipped document type that is missing, after every migrate (and after a test flush, which also
    sends post_migrate), like contenttypes does for its rows. Existing types are not touched: an administrator may
    have changed them; `manage.py sync_document_types` restores the shipped values on purpose."""
    from .library import sync_types

    try:
        model = (apps or app_config.apps).get_model("documents", "DocumentType")
    except LookupError:
        return
    sync_types(model, update=False, using=using)


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        post_migrate.connect(ensure_document_types, sender=self)
