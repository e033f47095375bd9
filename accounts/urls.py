from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import forms, sso, views, views_mfa

app_name = "accounts"


def _page(view_class, methods=("GET",), **options):
    """A Django auth class-based view that, like every view here, refuses the HTTP methods it does not use."""
    return require_http_methods(list(methods))(view_class.as_view(**options))


urlpatterns = [
    path(
        "login/",
        _page(
            views.LoginView,
            ("GET", "POST"),
            template_name="accounts/login.html",
            authentication_form=forms.LoginForm,
        ),
        name="login",
    ),
    path("logout/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/my-data/", views.my_data, name="my_data"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/others/end/", views.session_end_others, name="session_end_others"),
    path("sessions/<str:ref>/end/", views.session_end, name="session_end"),
    path(
        "password/change/",
        _page(
            views.PasswordChangeView,
            ("GET", "POST"),
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        _page(auth_views.PasswordChangeDoneView, template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        _page(
            auth_views.PasswordResetView,
            ("GET", "POST"),
            form_class=forms.ResetForm,
            template_name="accounts/password_reset_form.html",
            subject_template_name="accounts/email/password_reset_subject.txt",
            email_template_name="accounts/email/password_reset_body.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _page(auth_views.PasswordResetDoneView, template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _page(
            views.PasswordResetConfirmView,
            ("GET", "POST"),
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        _page(auth_views.PasswordResetCompleteView, template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("invite/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Single sign-on (accounts/sso.py): 404 unless configured.
    path("sso/", sso.sso_start, name="sso_start"),
    path("sso/callback/", sso.sso_callback, name="sso_callback"),
    path("sso/refused/", views.sso_refused, name="sso_refused"),
    # The second factor (accounts/mfa.py): everything under 2fa/ stays open before the second step.
    path("2fa/", views_mfa.mfa_verify, name="mfa_verify"),
    path("2fa/lost/", views_mfa.mfa_lost, name="mfa_lost"),
    path("2fa/devices/", views_mfa.mfa_devices, name="mfa_devices"),
    path("2fa/devices/app/", views_mfa.mfa_app_add, name="mfa_app_add"),
    path("2fa/devices/passkey/", views_mfa.mfa_passkey_add, name="mfa_passkey_add"),
    path("2fa/devices/passkey/added/", views_mfa.mfa_passkey_added, name="mfa_passkey_added"),
    path("2fa/devices/<str:kind>/<int:pk>/remove/", views_mfa.mfa_device_remove, name="mfa_device_remove"),
    path("2fa/codes/", views_mfa.mfa_codes, name="mfa_codes"),
    path("2fa/codes/download/", views_mfa.mfa_codes_download, name="mfa_codes_download"),
    path(
        "2fa/passkey/register/begin/",
        views_mfa.passkey_api(views_mfa.PasskeyRegisterBegin),
        name="passkey_register_begin",
    ),
    path(
        "2fa/passkey/register/complete/",
        views_mfa.passkey_api(views_mfa.PasskeyRegisterComplete),
        name="passkey_register_complete",
    ),
    path("2fa/passkey/login/begin/", views_mfa.passkey_api(views_mfa.PasskeyLoginBegin), name="passkey_login_begin"),
    path(
        "2fa/passkey/login/complete/",
        views_mfa.passkey_api(views_mfa.PasskeyLoginComplete),
        name="passkey_login_complete",
    ),
]
