"""The project's URLs without the safeguarding app's: the complaint page must then offer no link to it."""

from django.urls import URLResolver

from kokybe.urls import urlpatterns as project

urlpatterns = [p for p in project if not (isinstance(p, URLResolver) and p.namespace == "safeguarding")]
