"""The one tenant gate. Every view under /o/<org_slug>/ is wrapped by org_view().

Anonymous → login redirect; not a member (or membership expired) → 404, so an outsider cannot even learn that an
organisation's object exists; member with too low a role → 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.decorators.http import require_http_methods

from .models import Membership
from .roles import ALL_ROLES


def org_view(roles=ALL_ROLES, methods=("GET", "POST")):
    roles = frozenset(roles)

    def decorator(view):
        @require_http_methods(list(methods))
        @wraps(view)
        def gated(request, org_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = (
                Membership.objects.active()
                .select_related("org", "user")
                .filter(user=request.user, org__slug=org_slug)
                .first()
            )
            if membership is None:
                raise Http404("No such organisation.")
            # Set before the role check too: the 403 page tells the person where their role does lead.
            request.org = membership.org
            request.membership = membership
            if membership.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        gated.gate_roles = roles
        return gated

    return decorator


def require_role(request, roles):
    """For a view that lets more roles read than write: refuse the write part."""
    if request.membership.role not in roles:
        raise PermissionDenied
