"""A programme's public application page at /programmes/apply/<slug>/: a provider applies to join, no account.

Shown only while the programme is open for applications (404 otherwise: a closed programme's address says nothing).
Abuse: a honeypot field, and a per-IP limit on sending (the IP only in a hashed cache key, kokybe/lib/throttle).
A replayed or repeated form writes nothing twice: one pending application per company code and programme.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from kokybe.lib import throttle
from kokybe.lib.forms import add_service_errors

from . import services
from .forms import HONEYPOT, ApplicationForm
from .models import Programme

TOO_MANY = _(
    "Too many applications have been sent from this network in a short time. Please wait an hour and send it again."
)


def _allow(request):
    limit = getattr(settings, "PROGRAMME_APPLICATIONS_PER_IP", 5)
    window = getattr(settings, "PROGRAMME_APPLICATION_WINDOW_SECONDS", 3600)
    return throttle.allow("programme-apply", [f"ip:{throttle.client_ip(request)}"], limit, window)


def _open_programme(slug):
    queryset = Programme.objects.select_related("coordinating_org").filter(accepts_applications=True)
    return get_object_or_404(queryset, application_slug=slug)


@require_http_methods(["GET", "POST"])
def apply(request, slug):
    programme = _open_programme(slug)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            return redirect("programmes_public:sent", slug=slug)  # said nothing to the bot; stored nothing
        form = ApplicationForm(request.POST)
        if not form.is_valid():
            status = 400
        elif not _allow(request):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            try:
                services.application_submit(
                    programme=programme, fields=form.application_fields(), language=get_language()[:2]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                return redirect("programmes_public:sent", slug=slug)
    else:
        form = ApplicationForm()
    return render(request, "programmes/apply.html", {"programme": programme, "form": form}, status=status)


@require_GET
def sent(request, slug):
    return render(request, "programmes/apply_sent.html", {"programme": _open_programme(slug)})
