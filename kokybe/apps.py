from django.apps import AppConfig


class KokybeConfig(AppConfig):
    """The project package is an app so its templatetags and management commands are found."""

    name = "kokybe"
    verbose_name = "Kokybė"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        # post_migrate is sent per app with models; the project package has none, sessions (login state) does.
        sessions = apps.get_app_config("sessions")
        post_migrate.connect(create_cache_table, sender=sessions, dispatch_uid="kokybe.create_cache_table")


def create_cache_table(using="default", verbosity=0, **kwargs):
    """`migrate` also makes the database cache's table (idempotent), so a fresh install shares its login counters
    across workers without a separate `createcachetable` step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))
