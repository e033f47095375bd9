"""A programme's API tokens, at /programmes/<pk>/api-tokens/: every programme role makes its own (read-only, the
secret shown once), and a coordinator also sees and may revoke everyone's tokens for the programme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kokybe.lib.forms import add_service_errors
from programmes.models import AGGREGATES, STEERING, Programme, ProgrammeRole

from . import services
from .forms import ProgrammeTokenForm
from .models import ProgrammeToken


def _programme_for(request, pk):
    """The programme and the person's role in it; 404 without one (as the programme's pages)."""
    programme = get_object_or_404(Programme.objects.open_to(request.user).select_related("coordinating_org"), pk=pk)
    role = programme.role_of(request.user)
    if role is None:
        raise Http404
    return programme, role


def _tokens(programme, user, role):
    tokens = ProgrammeToken.objects.filter(programme=programme).select_related("user")
    return tokens if role == ProgrammeRole.COORDINATOR else tokens.filter(user=user)


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request, programme_pk):
    programme, role = _programme_for(request, programme_pk)
    form = ProgrammeTokenForm(request.POST or None)
    secret, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _token, secret = services.programme_token_create(
                    user=request.user, programme=programme, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                form, status = ProgrammeTokenForm(), 201
    ctx = {
        "programme": programme,
        "role": role,
        "steering": role in STEERING,
        "aggregates": role in AGGREGATES,
        "is_coordinator": role == ProgrammeRole.COORDINATOR,
        "form": form,
        "secret": secret,
        "tokens": _tokens(programme, request.user, role),
    }
    return render(request, "api/programme_tokens.html", ctx, status=status)


@require_http_methods(["POST"])
@login_required
def token_revoke(request, programme_pk, pk):
    programme, role = _programme_for(request, programme_pk)
    token = get_object_or_404(_tokens(programme, request.user, role).select_related("programme"), pk=pk)
    services.programme_token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("programme_tokens:list", programme_pk=programme.pk)
