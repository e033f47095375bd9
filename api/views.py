"""A person's API tokens, on their profile: create (the secret shown once), list with last use, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import TokenForm
from .models import ApiToken


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request):
    form = TokenForm(request.POST or None, user=request.user)
    secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            token, secret = services.token_create(
                user=request.user,
                org=data["org"],
                name=data["name"],
                scope=data["scope"],
                expires_on=data["expires_on"],
            )
            form = TokenForm(user=request.user)
            status = 201
        else:
            status = 400
    tokens = ApiToken.objects.filter(user=request.user).select_related("org")
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "secret": secret}, status=status)


@require_http_methods(["POST"])
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user).select_related("org"), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api:tokens")
