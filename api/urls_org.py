from django.urls import path
from django.utils.translation import gettext_lazy as _

from orgs.menu import MenuEntry

from . import views_org

app_name = "webhooks"

MENU = [MenuEntry("webhooks:list", _("Webhooks"), order=88, current=("webhooks:*",))]

urlpatterns = [
    path("", views_org.webhook_list, name="list"),
    path("<int:pk>/delete/", views_org.webhook_delete, name="delete"),
]
