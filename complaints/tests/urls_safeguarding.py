"""The project's URLs plus a stand-in `safeguarding:new`, to show the complaint page links to it once it exists."""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from kokybe.urls import urlpatterns as project


def new(request, org_slug):
    return HttpResponse("safeguarding")


safeguarding = ([path("new/", new, name="new")], "safeguarding")
# Whether or not the safeguarding app is installed: the stand-in replaces it.
urlpatterns = [
    path("o/<slug:org_slug>/safeguarding/", include(safeguarding)),
    *[p for p in project if not (isinstance(p, URLResolver) and p.namespace == "safeguarding")],
]
