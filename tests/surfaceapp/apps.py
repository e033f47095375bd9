from django.apps import AppConfig


class SurfaceAppConfig(AppConfig):
    name = "tests.surfaceapp"
    label = "surfaceapp"
    verbose_name = "Test register"
    default_auto_field = "django.db.models.BigAutoField"
