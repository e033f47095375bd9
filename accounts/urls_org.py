from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views

MENU = [MenuEntry("invitations:list", _("Invitations"), order=82)]

app_name = "invitations"
urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("<int:pk>/resend/", views.invitation_resend, name="resend"),
    path("<int:pk>/revoke/", views.invitation_revoke, name="revoke"),
]
