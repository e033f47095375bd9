from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from . import forms, views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        require_http_methods(["GET", "POST"])(
            auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=forms.LoginForm)
        ),
        name="login",
    ),
    path("logout/", require_POST(auth_views.LogoutView.as_view()), name="logout"),
    path("profile/", views.profile, name="profile"),
]
