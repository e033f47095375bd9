from django.apps import AppConfig


class KokybeConfig(AppConfig):
    """The project package is an app so its templatetags and management commands are found."""

    name = "kokybe"
    verbose_name = "Kokybė"
