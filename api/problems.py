"""Errors as RFC 9457 problem details (application/problem+json) with a `detail` in the reader's language."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

PROBLEM = "application/problem+json"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


class Problem(Exception):
    """Raised anywhere in an endpoint: answered as a problem response, nothing else happens."""

    def __init__(self, status, detail, *, errors=None, headers=None):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, str(detail), errors, headers or {}


def problem_response(status, detail, *, errors=None, headers=None):
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": str(detail)}
    if errors:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def not_found():
    return Problem(404, _("Not found."))


def forbidden(detail=None):
    return Problem(403, detail or _("Your role does not allow this."))
