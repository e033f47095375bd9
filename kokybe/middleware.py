"""Requests that no page of ours can mean are refused at the door, before any view reads them."""

from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _


class RefuseNulMiddleware:
    """A NUL character in the query string is answered 400.

    No value Kokybė stores or filters by contains one, and PostgreSQL refuses it in any text parameter, so a
    `?q=%00` reaching a list filter would end as a server error there (and pass silently on SQLite). Refusing it
    here keeps every page and API endpoint from having to remember (the API's JSON bodies: api.core.JsonParser).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or "\x00" in request.path_info:
            return refuse(request)
        return self.get_response(request)


def refuse(request):
    detail = _("The address contains a character that is not allowed.")
    if request.path_info.startswith("/api/"):
        # The API's problem+json shape (api/problems.py), written out here: the floor does not import the api app.
        body = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": str(detail)}
        return JsonResponse(
            body, status=400, content_type="application/problem+json", json_dumps_params={"ensure_ascii": False}
        )
    # Rendered without the request's context processors: they read the session and the user, not loaded yet here.
    return HttpResponseBadRequest(loader.get_template("errors/400.html").render({"detail": detail}))
