from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views_mfa

MENU = [MenuEntry("security:policy", _("Login security"), order=84)]

app_name = "security"
urlpatterns = [
    path("", views_mfa.second_factor_policy, name="policy"),
    path("members/<int:pk>/reset/", views_mfa.second_factor_reset, name="reset"),
]
