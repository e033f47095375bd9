from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kokybe.lib import downloads
from orgs.gate import org_view
from orgs.roles import MANAGERS

from . import mfa, personal, services, sessions
from .forms import InvitationForm, InvitationSignupForm, ProfileForm
from .models import Invitation, User

ACCEPT_PAGE = "accounts/invitation_accept.html"


@require_http_methods(["GET"])
@login_required
def my_data(request):
    """Everything Kokybė holds about the signed-in person, as a JSON file (accounts/personal.py)."""
    name = downloads.filename("kokybe", _("my data"), timezone.localdate(), ext="json")
    return downloads.attachment(personal.export_json(request.user), name)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, which keeps this session and ends every other one; the person is told by e-mail."""

    def form_valid(self, form):
        response = super().form_valid(form)
        # Django's session hash already makes the other sessions unusable; their rows go too, so the list is true.
        sessions.end_other_sessions(self.request.user, self.request.session.session_key)
        mfa.notify_change(self.request.user, "password_changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.end_other_sessions(form.user, None)
        mfa.notify_change(form.user, "password_changed")
        return response


@never_cache
@require_http_methods(["GET"])
@login_required
def session_list(request):
    """Where the person is logged in (ASVS 3.3.4): this session first, then the others, each with a way to end it."""
    current = request.session.session_key
    rows = [
        {
            "device": sessions.describe_agent(s.user_agent),
            "ip": s.ip,
            "logged_in_at": s.logged_in_at,
            "last_activity": s.last_activity,
            "ref": sessions.reference(s.session_key),
            "current": s.session_key == current,
        }
        for s in sessions.active_sessions(request.user)
    ]
    rows.sort(key=lambda row: not row["current"])  # stable: the others stay most recent first
    others = sum(1 for row in rows if not row["current"])
    return render(request, "accounts/sessions.html", {"rows": rows, "others": others})


@require_POST
@login_required
def session_end(request, ref):
    if sessions.end_session(request.user, ref, request.session.session_key):
        messages.success(request, _("That session is signed out: whoever uses it has to log in again."))
    else:
        messages.info(request, _("That session had already ended."))
    return redirect("accounts:sessions")


@require_POST
@login_required
def session_end_others(request):
    count = sessions.end_other_sessions(request.user, request.session.session_key)
    messages.success(
        request,
        ngettext(
            "%(count)s other session is signed out; you stay logged in here.",
            "%(count)s other sessions are signed out; you stay logged in here.",
            count,
        )
        % {"count": count},
    )
    return redirect("accounts:sessions")


class LoginView(auth_views.LoginView):
    """Django's login, offering single sign-on too where it is configured."""

    def get_context_data(self, **kwargs):
        sso_name = (settings.OIDC_PROVIDER_NAME or _("your organisation's account")) if settings.OIDC_ENABLED else ""
        return super().get_context_data(sso_name=sso_name, **kwargs)


@require_http_methods(["GET"])
def sso_refused(request):
    """Where single sign-on lands when it did not let the person in (accounts/sso.py says when)."""
    return render(request, "accounts/sso_refused.html", status=403)


def _open_invitation(request, pk):
    """An invitation of this request's organisation that is neither accepted nor revoked, or 404."""
    return get_object_or_404(Invitation.objects.for_org(request.org).open().select_related("org"), pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        # The cookie keeps the chosen language on the login page after logging out.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.language, samesite="Lax", httponly=True)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@org_view(roles=MANAGERS)
def invitation_list(request):
    form = InvitationForm(request.POST or None, org=request.org, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(org=request.org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": invitation.email})
            return redirect("invitations:list", request.org.slug)
    invitations = Invitation.objects.for_org(request.org).open().select_related("invited_by", "unit")
    ctx = {"form": form, "invitations": invitations, "valid_days": settings.INVITATION_VALID_DAYS}
    return render(request, "accounts/invitation_list.html", ctx)


@org_view(roles=MANAGERS, methods=("POST",))
def invitation_resend(request, pk):
    invitation = _open_invitation(request, pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation has been sent again to %(email)s.") % {"email": invitation.email})
    return redirect("invitations:list", request.org.slug)


@org_view(roles=MANAGERS, methods=("POST",))
def invitation_revoke(request, pk):
    invitation = _open_invitation(request, pk)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email})
    return redirect("invitations:list", request.org.slug)


def _gone(request, invitation):
    """The one answer for a link that cannot be used: 404 for an unknown token, 410 for a spent one."""
    state = invitation.state() if invitation else None
    return render(
        request,
        "accounts/invitation_gone.html",
        {"invitation": invitation, "state": state},
        status=410 if state else 404,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = Invitation.objects.select_related("org", "unit").filter(token=token).first()
    if invitation and not request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # A first-time visitor sees the page in the language the inviter chose for them.
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = invitation.language
    if invitation is None or not invitation.is_usable():
        return _gone(request, invitation)
    user = request.user
    if user.is_authenticated and user.email.lower() != invitation.email:
        return render(request, ACCEPT_PAGE, {"invitation": invitation, "step": "wrong_user"})
    if user.is_authenticated:
        return _accept_as_member(request, invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return render(request, ACCEPT_PAGE, {"invitation": invitation, "step": "log_in"})
    return _accept_as_new_person(request, invitation)


def _accept_as_member(request, invitation):
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user, by=request.user)
        except ValidationError as exc:
            if getattr(exc, "code", None) == "unusable":
                return _gone(request, invitation)
            return render(request, ACCEPT_PAGE, {"invitation": invitation, "step": "error", "errors": exc.messages})
        messages.success(request, _("You have joined %(org)s.") % {"org": invitation.org.name})
        return redirect(invitation.org)
    return render(request, ACCEPT_PAGE, {"invitation": invitation, "step": "confirm"})


def _accept_as_new_person(request, invitation):
    form = InvitationSignupForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _membership = services.invitation_accept_new_user(
                invitation=invitation,
                full_name=data["full_name"],
                password=data["password1"],
                language=data["language"],
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "unusable":
                return _gone(request, invitation)
            form.add_error(None, exc.messages)
        else:
            login(request, user)
            translation.activate(user.language)
            messages.success(request, _("Welcome to Kokybė! You have joined %(org)s.") % {"org": invitation.org.name})
            return redirect(invitation.org)
    return render(request, ACCEPT_PAGE, {"invitation": invitation, "step": "sign_up", "form": form})
