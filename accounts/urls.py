from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import forms, views

app_name = "accounts"


def _page(view_class, methods=("GET",), **options):
    """A Django auth class-based view that, like every view here, refuses the HTTP methods it does not use."""
    return require_http_methods(list(methods))(view_class.as_view(**options))


urlpatterns = [
    path(
        "login/",
        _page(
            auth_views.LoginView,
            ("GET", "POST"),
            template_name="accounts/login.html",
            authentication_form=forms.LoginForm,
        ),
        name="login",
    ),
    path("logout/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path("profile/", views.profile, name="profile"),
    path(
        "password/change/",
        _page(
            auth_views.PasswordChangeView,
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
            auth_views.PasswordResetConfirmView,
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
]
