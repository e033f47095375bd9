"""The API's one instance: authentication, the tenant gate, errors as problem details, pagination, rate limits.

An endpoint is a small function in `api/endpoints/<area>.py` behind `@org_endpoint(roles=…)`. The organisation in the
path is resolved with the caller, before the request's parameters are read (api.auth.resolve_org), exactly as the
pages' gate does (orgs.gate.org_view): a token of another organisation, or a person who is not (or no longer) a
member → 404; then a role outside `roles` → 403. `roles` is the named group of the
page the endpoint mirrors; api/tests/test_gates.py checks that the two agree.
"""

import json
from datetime import date
from functools import wraps
from typing import Annotated
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import BeforeValidator, Field

from .auth import SessionAuth, TokenAuth
from .problems import PROBLEM, Problem, forbidden, not_found, problem_response
from .signals import current_token_name

ERROR_CODES = (400, 401, 403, 404, 422, 429)
# ValidationError codes of the services that mean "not in this state" (answered 409).
STATE_CODES = {"transition", "closed"}
WRITE_ERROR_CODES = (*ERROR_CODES, 409, 412, 413, 428)


class ProblemOut(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: dict | list | None = None


def responses(ok, *, status=200, write=False):
    """The documented responses of an operation: its own, and every problem it can answer with."""
    out = dict.fromkeys(WRITE_ERROR_CODES if write else ERROR_CODES, ProblemOut)
    out[status] = ok
    return out


class JsonParser(Parser):
    """Bodies are small JSON documents: anything larger, or not JSON, is refused before it is read into objects."""

    def parse_body(self, request):
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.API_MAX_BODY or len(request.body) > settings.API_MAX_BODY:
            raise Problem(413, _("The request body is too large (at most %(n)s bytes).") % {"n": settings.API_MAX_BODY})
        content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip()
        if request.body and content_type not in ("application/json", ""):
            raise Problem(415, _("Send the request body as application/json."))
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise Problem(400, _("The request body is not valid JSON.")) from None
        if _holds_nul(body):  # PostgreSQL refuses NUL in text; no value of ours contains one
            raise Problem(400, _("The request body contains a character that is not allowed."))
        return body


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class KokybeAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Problems are application/problem+json, and say so in the schema (clients and Schemathesis read it)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema["paths"].values():
            for operation in path.values():
                for code, response in operation.get("responses", {}).items():
                    if str(code).startswith(("4", "5")) and "content" in response:
                        response["content"] = {PROBLEM: response["content"]["application/json"]}
                    if str(code) == "429":
                        response["headers"] = {
                            "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
                        }
        return schema


api = KokybeAPI(
    title="Kokybė API",
    version="1",
    description=(
        "Read an organisation's quality registers and make the day-to-day changes. Authenticate with a personal "
        "access token (`Authorization: Bearer kok_…`) created on your profile page. Errors are "
        "`application/problem+json`; lists are paginated with `next` links."
    ),
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    parser=JsonParser(),
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(Problem)
def _problem(request, exc):
    return problem_response(exc.status, exc.detail, errors=exc.errors, headers=exc.headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    detail = _("Authentication credentials are missing, expired, revoked or not valid.")
    return problem_response(401, detail, headers={"WWW-Authenticate": 'Bearer realm="kokybe"'})


@api.exception_handler(HttpError)
def _http_error(request, exc):
    cause = exc.__cause__  # ninja wraps what the body parser raised
    if isinstance(cause, Problem):
        return _problem(request, cause)
    if isinstance(cause, RequestDataTooBig):
        return problem_response(
            413, _("The request body is too large (at most %(n)s bytes).") % {"n": settings.API_MAX_BODY}
        )
    if exc.status_code == 403:  # ninja's CSRF refusal for the session
        return problem_response(403, _("CSRF check failed: send the X-CSRFToken header."))
    return problem_response(exc.status_code, str(exc))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = [{"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return problem_response(422, _("Some values are missing or not valid."), errors=errors)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    # A refusal by the object's state (a status that cannot follow, a closed cycle) is a conflict, not bad input.
    codes = {e.code for e in exc.error_list} if hasattr(exc, "error_list") else set()
    status = 409 if codes & STATE_CODES else 422
    return problem_response(status, " ".join(exc.messages), errors=errors)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(404, _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem_response(403, str(exc) or _("Your role does not allow this."))


def enter_org(request, roles, write):
    """The role part of the gate (the organisation was resolved with the caller, in api.auth.resolve_org)."""
    if getattr(request, "membership", None) is None:  # a path without an organisation: never an endpoint of ours
        raise not_found()
    if request.membership.role not in roles:
        raise forbidden()
    token = request.api_token
    if write and token is not None and not token.can_write:
        raise forbidden(_("This token is read-only."))


def org_endpoint(roles, *, write=False):
    roles = frozenset(roles)

    def decorator(func):
        @wraps(func)
        def gated(request, slug, *args, **kwargs):
            enter_org(request, roles, write)
            token = getattr(request, "api_token", None)
            reset = current_token_name.set(token.name) if token is not None else None
            try:
                return func(request, slug, *args, **kwargs)
            finally:
                if reset is not None:
                    current_token_name.reset(reset)

        gated.gate_roles = roles
        gated.writes = write
        return gated

    return decorator


def programme_endpoint(roles):
    """The gate of an endpoint under /programmes/{programme_id}/: the programme and the caller's role in it were
    resolved with the caller (api.auth.resolve_programme: 404 without a role); a role outside `roles` (the named group
    of the page it mirrors, programmes.models.STEERING, AGGREGATES…) → 403. Every programme endpoint reads."""
    roles = frozenset(roles)

    def decorator(func):
        @wraps(func)
        def gated(request, programme_id, *args, **kwargs):
            if getattr(request, "programme", None) is None:
                raise not_found()
            if request.programme_role not in roles:
                raise forbidden()
            return func(request, programme_id, *args, **kwargs)

        gated.gate_roles = roles
        gated.writes = False
        return gated

    return decorator


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=200)


def paginate(request, queryset, params, serialize, *, many=None):
    """One page of `queryset` as {count, next, previous, results}; `next`/`previous` are absolute links. `many`, when
    given, serializes the page's objects at once (a read model that loads what they need in a fixed number of
    queries), instead of `serialize` one by one."""
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    objects = list(queryset[start : start + params.page_size]) if start < count else []
    rows = many(objects) if many is not None else [serialize(row) for row in objects]

    def link(page):
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

    return {
        "count": count,
        "next": link(params.page + 1) if start + params.page_size < count else None,
        "previous": link(params.page - 1) if params.page > 1 else None,
        "results": rows,
    }


def get_or_404(queryset, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise not_found()
    return obj


def ordering(queryset, value, allowed):
    """Sort by one of `allowed` field names ("due_date" or "-due_date"); ties by primary key so pages are stable."""
    field = value.lstrip("-")
    if field not in allowed:
        raise Problem(422, _("Sort by one of: %(fields)s.") % {"fields": ", ".join(allowed)})
    return queryset.order_by(value, "-pk" if value.startswith("-") else "pk")


def _iso_date(value):
    # pydantic would also take 0 or "0" (a Unix time) for a date: the schema says an ISO 8601 date, and so do we.
    if isinstance(value, date) or (isinstance(value, str) and len(value) == 10):
        return value
    raise ValueError("an ISO 8601 date (YYYY-MM-DD) is expected")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _no_default(schema):
    schema.pop("default", None)


def omittable(**kwargs):
    """A field a PATCH may leave out, but may not set to null (null is not a value of its type)."""
    return Field(None, json_schema_extra=_no_default, **kwargs)
