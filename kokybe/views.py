from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from kokybe.lib import health


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    # The tenant gate leaves the person's membership on the request: the page can say where their role does lead.
    membership = getattr(request, "membership", None)
    return render(request, "errors/403.html", {"membership": membership}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # The database may be what failed: render without context processors (they query it).
    return HttpResponseServerError(loader.get_template("errors/500.html").render({}))


@require_GET
def healthz(request):
    """`ok` or `fail` on the first line, then one line per check; JSON for `?format=json` (kokybe/lib/health.py)."""
    healthy, checks = health.report()
    status = 200 if healthy else 503
    if request.GET.get("format") == "json":
        return JsonResponse({"ok": healthy, "checks": checks}, status=status)
    lines = ["ok" if healthy else "fail"]
    for name, details in checks.items():
        rest = ", ".join(f"{key}={value}" for key, value in details.items() if key != "ok")
        lines.append(f"{name}: {'ok' if details['ok'] else 'FAIL'}{' (' + rest + ')' if rest else ''}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain", status=status)


@require_GET
def favicon(request):
    # Browsers, feed readers and bookmarks ask for /favicon.ico whatever the page's <link rel="icon"> says.
    return HttpResponsePermanentRedirect(static("favicon.ico"))


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice on a signed-in person's profile."""
    response = django_set_language(request)
    code = request.POST.get("language")
    if request.user.is_authenticated and code in dict(settings.LANGUAGES) and request.user.language != code:
        request.user.language = code
        request.user.save(update_fields=["language"])
    return response
