from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = _("Audits and certification")

    def ready(self):
        if apps.is_installed("documents"):
            from documents import public

            from .public import public_certificates

            public.register_certificates(public_certificates)
